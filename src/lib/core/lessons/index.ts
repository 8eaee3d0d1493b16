export * from './types';
export { checkPasses, lessonProgress, metricTypes, nodesOfType } from './check';
export { applyLessonAction, planShowMe, type ShowOutcome } from './show';
export { parseLesson, LESSON_LIMITS, type LessonParse } from './parse';
