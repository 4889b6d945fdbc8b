/** Civitas refuses to start without services to run; this says how to name them. */
import { SERVICE_NAMES } from './config/schema.js';

export class NoServicesError extends Error {
  constructor() {
    super(
      [
        'No services to run.',
        `Name them with --services (e.g. --services registry,search or --services all), CIVITAS_SERVICES, or "services:" in civitas.yaml.`,
        `Services: ${SERVICE_NAMES.join(', ')}.`,
      ].join('\n'),
    );
  }
}
