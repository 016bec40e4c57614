export { PROBLEM_CODES, DEFAULT_DELETABLE_CODES, isProblemCode, type ProblemCode } from '../../../shared/model/problems.js';
