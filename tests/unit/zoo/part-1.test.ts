// The package's graph models, part 1 of 2 (see models.ts).
import { describeZoo } from './models.js';

describeZoo(0, 2);
