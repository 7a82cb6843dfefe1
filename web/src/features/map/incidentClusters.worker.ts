// The clustering worker: holds the incidents the room's map draws and clusters them off the
// page's thread, answering each view with the few hundred features it shows.
import { IncidentClusterIndex } from './incidentClusters.js';
import { answerClusterRequest, type ClusterRequest } from './clusterProtocol.js';

const index = new IncidentClusterIndex();

self.addEventListener('message', (event: MessageEvent<ClusterRequest>) => {
  const answer = answerClusterRequest(index, event.data);
  if (answer) self.postMessage(answer);
});
