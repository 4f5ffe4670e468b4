/**
 * The status message of a room whose prompt the word list holds. It never names the word: telling people which
 * word matched would turn the room into a tool for probing the list.
 */
export const WORD_LIST_HOLD_MESSAGE = "This prompt is held by the room's word list and will not be drawn until it changes.";
