// The package's graph models, part 2 of 2 (see models.ts).
import { describeZoo } from './models.js';

describeZoo(1, 2);
