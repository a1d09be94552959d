/**
 * The printed sheet's words come from the one wording source, shared/domain/wording (issue 10):
 * the wall, the console and the tablet call the same functions, so what is printed is what was
 * shown and read aloud. This module only re-exports what the sheets use.
 */
export {
  allMembers,
  formatTime,
  isStreet,
  kindLabel,
  methodLabel,
  passedWord,
  secrecyLabel,
} from '../../shared/domain/wording/index';
