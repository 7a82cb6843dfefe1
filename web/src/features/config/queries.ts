import { ClientConfigSchema } from '@mirsad/shared';
import { queryOptions } from '@tanstack/react-query';
import { requestJson } from '../../api/http.js';

/** Query keys and options for the server's client configuration. */
export const configQueries = {
  all: () => ['config'] as const,
  /**
   * Read once per page load: its `buildId` is the build this page belongs to, which the
   * realtime module compares with every `server.hello` to reload after a deploy.
   */
  client: () =>
    queryOptions({
      queryKey: [...configQueries.all(), 'client'] as const,
      queryFn: ({ signal }) => requestJson('/api/config', ClientConfigSchema, { signal }),
      staleTime: Infinity,
      gcTime: Infinity,
    }),
};
