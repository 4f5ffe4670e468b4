import { react } from '@promptjam/eslint-config/react';

export default react;
