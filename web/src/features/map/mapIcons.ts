import {
  FACILITY_KINDS,
  SECTOR_IDS,
  UNIT_TYPES,
  sectorById,
  type FacilityKind,
  type UnitType,
} from '@mirsad/shared';
import type { UnitStatusClass } from './unitFeatures.js';

/**
 * The map's icons, drawn on a canvas when the map first asks for one (`styleimagemissing`):
 * no sprite files to ship or fetch, and one shape per unit type in any sector colour and
 * status. Shapes, not colours alone, tell unit types apart.
 */

/** Device pixels per CSS pixel the icons are drawn at, so they stay sharp on a wall display. */
const PIXEL_RATIO = 2;
const UNIT_SIZE_PX = 22;
const FACILITY_SIZE_PX = 18;

/** An image as `map.addImage` takes it. */
export interface IconImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

type Path = (ctx: CanvasRenderingContext2D, size: number) => void;

const polygon =
  (points: readonly (readonly [number, number])[]): Path =>
  (ctx, size) => {
    ctx.beginPath();
    points.forEach(([x, y], index) => {
      if (index === 0) ctx.moveTo(x * size, y * size);
      else ctx.lineTo(x * size, y * size);
    });
    ctx.closePath();
  };

/** Each unit type's outline, in a unit square with room for the stroke. */
const UNIT_SHAPES: Readonly<Record<UnitType, Path>> = {
  patrol: (ctx, size) => {
    ctx.beginPath();
    ctx.roundRect(0.16 * size, 0.16 * size, 0.68 * size, 0.68 * size, 0.16 * size);
  },
  'fire-engine': polygon([
    [0.5, 0.1],
    [0.88, 0.4],
    [0.88, 0.86],
    [0.12, 0.86],
    [0.12, 0.4],
  ]),
  ambulance: polygon([
    [0.37, 0.1],
    [0.63, 0.1],
    [0.63, 0.37],
    [0.9, 0.37],
    [0.9, 0.63],
    [0.63, 0.63],
    [0.63, 0.9],
    [0.37, 0.9],
    [0.37, 0.63],
    [0.1, 0.63],
    [0.1, 0.37],
    [0.37, 0.37],
  ]),
  'rescue-boat': polygon([
    [0.08, 0.32],
    [0.92, 0.32],
    [0.72, 0.8],
    [0.28, 0.8],
  ]),
  drone: polygon([
    [0.5, 0.06],
    [0.94, 0.5],
    [0.5, 0.94],
    [0.06, 0.5],
  ]),
  'rescue-team': polygon([
    [0.5, 0.1],
    [0.92, 0.86],
    [0.08, 0.86],
  ]),
  'tow-truck': polygon([
    [0.3, 0.12],
    [0.7, 0.12],
    [0.92, 0.5],
    [0.7, 0.88],
    [0.3, 0.88],
    [0.08, 0.5],
  ]),
};

function canvasOf(
  sizePx: number,
): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; size: number } | null {
  const size = sizePx * PIXEL_RATIO;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  return ctx ? { canvas, ctx, size } : null;
}

/** A unit's icon: its type's shape in its sector's colour, outlined by status. */
function drawUnit(type: UnitType, color: string, statusClass: UnitStatusClass): HTMLCanvasElement | null {
  const made = canvasOf(UNIT_SIZE_PX);
  if (!made) return null;
  const { canvas, ctx, size } = made;
  UNIT_SHAPES[type](ctx, size);
  ctx.lineJoin = 'round';
  switch (statusClass) {
    case 'free':
      // Available: the sector's colour with a dark edge, ready to task.
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 2 * PIXEL_RATIO;
      ctx.strokeStyle = '#06090e';
      ctx.stroke();
      break;
    case 'busy':
      // Working an incident: a white edge, like the line that ties it to the incident.
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 2.5 * PIXEL_RATIO;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      break;
    case 'off':
      // Out of service: grey, with the sector's colour left only in a thin edge.
      ctx.fillStyle = '#4a5668';
      ctx.fill();
      ctx.lineWidth = 1.5 * PIXEL_RATIO;
      ctx.strokeStyle = color;
      ctx.stroke();
      break;
  }
  return canvas;
}

/** Each facility kind's look: a colour and a white mark. */
const FACILITY_LOOKS: Readonly<Record<FacilityKind, { color: string; mark: Path }>> = {
  'police-station': {
    color: '#2f6fd6',
    mark: polygon([
      [0.5, 0.22],
      [0.76, 0.32],
      [0.7, 0.66],
      [0.5, 0.8],
      [0.3, 0.66],
      [0.24, 0.32],
    ]),
  },
  'fire-station': {
    color: '#d63a2f',
    mark: polygon([
      [0.5, 0.18],
      [0.74, 0.56],
      [0.62, 0.8],
      [0.38, 0.8],
      [0.26, 0.56],
    ]),
  },
  hospital: {
    color: '#f2f4f7',
    mark: polygon([
      [0.42, 0.2],
      [0.58, 0.2],
      [0.58, 0.42],
      [0.8, 0.42],
      [0.8, 0.58],
      [0.58, 0.58],
      [0.58, 0.8],
      [0.42, 0.8],
      [0.42, 0.58],
      [0.2, 0.58],
      [0.2, 0.42],
      [0.42, 0.42],
    ]),
  },
  'civil-defence-centre': {
    // The international civil defence sign: a blue triangle on orange.
    color: '#ff8c1a',
    mark: polygon([
      [0.5, 0.2],
      [0.8, 0.76],
      [0.2, 0.76],
    ]),
  },
  'coast-guard-base': {
    color: '#008c99',
    mark: polygon([
      [0.2, 0.42],
      [0.8, 0.42],
      [0.66, 0.74],
      [0.34, 0.74],
    ]),
  },
  'shelter-site': {
    color: '#3f9d52',
    mark: polygon([
      [0.5, 0.2],
      [0.8, 0.46],
      [0.72, 0.46],
      [0.72, 0.8],
      [0.28, 0.8],
      [0.28, 0.46],
      [0.2, 0.46],
    ]),
  },
};

/** A facility's icon: a small tile in the kind's colour with its mark. */
function drawFacility(kind: FacilityKind): HTMLCanvasElement | null {
  const made = canvasOf(FACILITY_SIZE_PX);
  if (!made) return null;
  const { canvas, ctx, size } = made;
  const look = FACILITY_LOOKS[kind];
  ctx.beginPath();
  ctx.roundRect(PIXEL_RATIO, PIXEL_RATIO, size - 2 * PIXEL_RATIO, size - 2 * PIXEL_RATIO, 3 * PIXEL_RATIO);
  ctx.fillStyle = look.color;
  ctx.fill();
  ctx.lineWidth = PIXEL_RATIO;
  ctx.strokeStyle = '#06090e';
  ctx.stroke();
  look.mark(ctx, size);
  ctx.fillStyle = kind === 'hospital' ? '#e0261b' : kind === 'civil-defence-centre' ? '#1f4fc8' : '#ffffff';
  ctx.fill();
  return canvas;
}

const isUnitType = (value: string | undefined): value is UnitType =>
  (UNIT_TYPES as readonly (string | undefined)[]).includes(value);
const isSector = (value: string | undefined): value is (typeof SECTOR_IDS)[number] =>
  (SECTOR_IDS as readonly (string | undefined)[]).includes(value);
const isFacilityKind = (value: string | undefined): value is FacilityKind =>
  (FACILITY_KINDS as readonly (string | undefined)[]).includes(value);
const isStatusClass = (value: string | undefined): value is UnitStatusClass =>
  value === 'free' || value === 'busy' || value === 'off';

function drawCanvas(id: string): HTMLCanvasElement | null {
  const [family, ...parts] = id.split(':');
  if (family === 'unit') {
    const [type, sector, statusClass] = parts;
    if (isUnitType(type) && isSector(sector) && isStatusClass(statusClass)) {
      return drawUnit(type, sectorById(sector).color, statusClass);
    }
  } else if (family === 'facility') {
    const [kind] = parts;
    if (isFacilityKind(kind)) return drawFacility(kind);
  }
  return null;
}

/** The image for an icon id of `unitIconId` or `facilityIconId`, or null for an id it does not know. */
export function drawIcon(id: string): { image: IconImage; pixelRatio: number } | null {
  const canvas = drawCanvas(id);
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return null;
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return { image: { width: canvas.width, height: canvas.height, data }, pixelRatio: PIXEL_RATIO };
}

const dataUrls = new Map<string, string>();

/** The same icon as a data URL, for the legend: what it shows is exactly what the map draws. */
export function iconDataUrl(id: string): string | null {
  let url = dataUrls.get(id);
  if (url === undefined) {
    const canvas = drawCanvas(id);
    if (!canvas) return null;
    url = canvas.toDataURL('image/png');
    dataUrls.set(id, url);
  }
  return url;
}
