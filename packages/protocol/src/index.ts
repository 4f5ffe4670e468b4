/**
 * @promptjam/protocol: the wire format between the room server and its clients.
 * Depends on nothing of ours; the web app and the server both import it. Spec: docs/PROTOCOL.md.
 */
export { MessageType, CLIENT_MESSAGE_TYPES } from './messageTypes.js';
export {
  CloseCode,
  UpgradeStatus,
  closeCodeName,
  isSendableCloseCode,
  clampCloseReason,
  MAX_CLOSE_REASON_BYTES,
} from './closeCodes.js';
export { CLOSE_ADVICE, UNKNOWN_CLOSE_ADVICE, closeAdvice, type CloseAdvice, type RetryPolicy } from './closeAdvice.js';
export {
  ROOM_ID_PATTERN,
  ROOM_PATH_SEGMENT_PATTERN,
  ROOMS_PATH_PREFIX,
  MAX_ROOM_ID_CHARS,
  isValidRoomId,
  canonicalRoomId,
  parseRoomPath,
  type RoomIdResult,
  type RoomPathResult,
} from './roomId.js';
export {
  PROMPT_TEXT_NAME,
  PARAMS_MAP_NAME,
  DEFAULT_PARAMS,
  SIZE_PRESETS,
  MAX_SEED,
  MIN_STEPS,
  MAX_STEPS,
  SIZE_MULTIPLE,
  MIN_SIZE_PX,
  MAX_SIZE_PX,
  MIN_STRENGTH,
  MAX_STRENGTH,
  img2imgSteps,
  normalizeParams,
  sameParams,
  type GenerationParams,
  type NormalizedParams,
} from './params.js';
export { MAX_PROMPT_CHARS, type PromptTokenUsage } from './prompt.js';
export { encodeFrameMessage, readFrameBody, type FrameMetadata, type FrameQuality, type FrameTimings, type FrameImg2Img } from './frame.js';
export {
  SKETCH_ARRAY_NAME,
  CANVAS_MAP_NAME,
  SKETCH_UNITS,
  MAX_PRESSURE,
  MIN_PRESSURE_DRAWN,
  POINT_STRIDE,
  MAX_AUTHOR_CHARS,
  COLOUR_PATTERN,
  DEFAULT_BACKGROUND,
  STROKE_TOOLS,
  DEFAULT_SKETCH_LIMITS,
  checkStroke,
  readBackground,
  type Stroke,
  type StrokeTool,
  type StrokeCheck,
  type SketchLimits,
} from './sketch.js';
export { drawSketch, drawSketchStroke, type SketchContext2D } from './drawSketch.js';
export { encodeStatusMessage, readStatusBody, type RoomStatus, type RenderState } from './status.js';
export { decodeServerMessage, type ServerMessage } from './serverMessage.js';
export type { DecodeResult } from './decodeResult.js';
export {
  CONTROLS_MAP_NAME,
  LOCKABLE_FIELDS,
  LOCKED_ROOTS,
  LOCKED_FIELDS_KEY,
  HOST_SINCE_KEY,
  HOST_LOG_KEY,
  VIEWER_ONLY_KEY,
  CLEARABLE_FIELDS,
  isClearableField,
  MAX_HOST_LOG_ENTRIES,
  MAX_HOST_NAME_CHARS,
  isLockableField,
  readRoomControls,
  describeHostAction,
  type LockableField,
  type HostAction,
  type HostActionKind,
  type ClearableField,
  type RoomControls,
} from './roomControls.js';
export {
  TIMELAPSE_FORMATS,
  TIMELAPSE_FRAME_DELAY_MS,
  timelapsePath,
  type TimelapseFormat,
  type TimelapseFrameInfo,
  type TimelapseManifest,
} from './timelapse.js';
export { SEAT_QUERY_PARAM, SEAT_PATTERN, isValidSeat } from './seat.js';
export { encodeHostGrantMessage, readHostGrantBody, type HostGrant } from './hostGrant.js';
export {
  HOST_LINK_ID_PATTERN,
  MAX_REVOKED_HOST_LINKS,
  OWNER_SINCE_KEY,
  PRESENCE_ROLE_KEY,
  REVOKED_HOST_LINKS_KEY,
  isHostRole,
  presenceRole,
  type HostRole,
} from './hostRoles.js';
