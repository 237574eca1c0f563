// 中文（默认）: the entry point of the Chinese strings. They live by screen in ./locales/zh-CN/.
export { zhCN } from './locales/zh-CN'
