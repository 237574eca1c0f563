// English: the entry point of the English strings. They live by screen in ./locales/en/,
// each file typed by its Chinese counterpart.
export { en } from './locales/en'
