import { addMessages } from '../../platform/i18n/messages.ts'
import { assessmentMessages } from './assessment.messages.ts'
import { assessmentSchemas } from './assessment.schemas.ts'
import { assessmentRouteSchemas } from './assessment.routes.ts'

addMessages(assessmentMessages)

export { assessmentRoutes } from './assessment.routes.ts'
export const assessmentAllSchemas = [...assessmentSchemas, ...assessmentRouteSchemas]
export { startRollupWorker, applyAllRollupEvents, rebuildRollups, type RollupWorker } from './rollups.ts'
export { createRound, findRoundByRef, listRounds } from './rounds.service.ts'
export { saveResponse, assertAnswers, answerProblems, submitResponse } from './responses.service.ts'
export { summaryOf, byArea, dashboard, reportSummary } from './figures.ts'
export { seedDemoAssessment } from './demo.ts'
export { scopedFilter, validateFilter } from './figures.ts'
export { candidatesPage } from './triage.ts'
