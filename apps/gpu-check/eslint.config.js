import { base } from '@promptjam/eslint-config/base';

export default base;
