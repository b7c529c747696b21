import { accountsNamedByStages } from './stageAccounts';

describe('accountsNamedByStages', () => {
  it('collects literal accounts once and sets expressions apart', () => {
    expect(
      accountsNamedByStages([
        { refId: '1', type: 'deployManifest', account: 'staging' },
        { refId: '2', type: 'manualJudgment' },
        { refId: '3', type: 'deployManifest', account: 'prod-eu' },
        { refId: '4', type: 'scaleManifest', account: 'staging' },
        { refId: '5', type: 'deployManifest', account: '${ parameters.account }' },
        { refId: '6', type: 'deployManifest', account: '' },
      ]),
    ).toEqual({ names: ['staging', 'prod-eu'], expressions: ['${ parameters.account }'] });
  });
});
