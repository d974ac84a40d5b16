import type { components } from '../../../lib/api.gen.ts'

type Schemas = components['schemas']
export type SurveyRound = Schemas['SurveyRound']
export type SurveyResponse = Schemas['SurveyResponse']
export type SurveyVersion = Schemas['SurveyResponseVersion']
export type RoundCreate = Schemas['SurveyRoundCreate']
