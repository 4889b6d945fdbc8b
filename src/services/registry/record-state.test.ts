import { describe, expect, it } from 'vitest';
import { recordState, type ActionType, type RecordAction } from './record-state.js';

let seq = 0;
const action = (type: ActionType, extra: Partial<RecordAction> = {}): RecordAction => ({
  seq: ++seq,
  type,
  at: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
  userId: 'u1',
  role: 'local-registrar',
  office: 'OFF-IBO',
  ...extra,
});

describe('record state, folded from the actions', () => {
  it('follows the workflow and keeps the data of every action', () => {
    const state = recordState([
      action('CREATE'),
      action('DECLARE', { data: { child: { firstNames: 'Ada', familyName: 'Mwale' } } }),
      action('VALIDATE', { data: { child: { familyName: 'Mwale-Banda' } } }),
      action('REGISTER', { details: { registrationNumber: 'B2026-CEN-IBO-000001' } }),
      action('PRINT_CERTIFICATE'),
      action('PRINT_CERTIFICATE'),
    ]);
    expect(state).toMatchObject({
      status: 'REGISTERED',
      data: { child: { firstNames: 'Ada', familyName: 'Mwale-Banda' } },
      registrationNumber: 'B2026-CEN-IBO-000001',
      certificatesPrinted: 2,
      version: 6,
    });
  });

  it('applies a correction only once approved', () => {
    const base = [
      action('CREATE'),
      action('DECLARE', { data: { child: { firstNames: 'Ada' } } }),
      action('REGISTER', { details: { registrationNumber: 'B1' } }),
      action('REQUEST_CORRECTION', { data: { child: { firstNames: 'Adah' } }, reason: 'typo' }),
    ];
    expect(recordState(base)).toMatchObject({
      data: { child: { firstNames: 'Ada' } },
      pendingCorrection: { data: { child: { firstNames: 'Adah' } }, reason: 'typo' },
    });
    expect(recordState([...base, action('APPROVE_CORRECTION')])).toMatchObject({
      data: { child: { firstNames: 'Adah' } },
      pendingCorrection: null,
    });
    expect(recordState([...base, action('REJECT_CORRECTION')])).toMatchObject({
      data: { child: { firstNames: 'Ada' } },
      pendingCorrection: null,
    });
  });

  it('tracks rejection, assignment, duplicates and custom actions', () => {
    const rejected = recordState([
      action('CREATE'),
      action('DECLARE', { data: {}, details: { incomplete: true, potentialDuplicate: true } }),
      action('ASSIGN', { details: { assignee: 'u2' } }),
      action('REJECT', { reason: 'mother’s name missing' }),
    ]);
    expect(rejected).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'mother’s name missing',
      assignedTo: null,
      incomplete: true,
      potentialDuplicate: true,
    });
    const duplicate = recordState([
      action('CREATE'),
      action('DECLARE', { details: { potentialDuplicate: true } }),
      action('CUSTOM', { details: { action: 'escalate' } }),
      action('MARK_DUPLICATE', { reason: 'same child as B2026-CEN-IBO-000009' }),
    ]);
    expect(duplicate).toMatchObject({ status: 'ARCHIVED', potentialDuplicate: false, customActions: ['escalate'] });
  });

  it('needs CREATE first', () => {
    expect(() => recordState([action('DECLARE')])).toThrow(/begins with CREATE/);
  });
});
