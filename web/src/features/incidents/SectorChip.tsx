import './incidents.css';
import { sectorById, type SectorId } from '@mirsad/shared';
import { useI18n } from '../../i18n/useI18n.js';

/** A sector's colour with its two-letter code, so sectors stay apart without colour vision. */
export function SectorChip({ sector, isMuted = false }: { sector: SectorId; isMuted?: boolean }) {
  const { text } = useI18n();
  const { code, color, name } = sectorById(sector);
  return (
    <span
      className={isMuted ? 'sector-chip sector-chip--muted' : 'sector-chip'}
      style={{ '--sector-color': color }}
      title={text(name)}
    >
      {code}
    </span>
  );
}
