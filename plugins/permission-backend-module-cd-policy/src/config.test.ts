import { ConfigReader } from '@backstage/config';
import { readCdPolicySettings } from './config';

describe('readCdPolicySettings', () => {
  it('normalises group refs (bare names are groups in the default namespace)', () => {
    const settings = readCdPolicySettings(
      new ConfigReader({
        cd: {
          permissions: { adminGroups: ['cd-admins', 'user:default/Alice'] },
          environmentGroups: { prod: ['group:default/SRE', 'platform/oncall'] },
        },
      }),
    );
    expect(settings).toEqual({
      adminGroups: ['group:default/cd-admins', 'user:default/alice'],
      environmentGroups: { prod: ['group:default/sre', 'group:platform/oncall'] },
    });
  });

  it('defaults to no admins and no restricted environments', () => {
    expect(readCdPolicySettings(new ConfigReader({}))).toEqual({ adminGroups: [], environmentGroups: {} });
  });

  it('names the key of a bad value', () => {
    expect(() => readCdPolicySettings(new ConfigReader({ cd: { environmentGroups: { prod: [] } } }))).toThrow(
      /cd\.environmentGroups\.prod: lists no group/,
    );
    expect(() => readCdPolicySettings(new ConfigReader({ cd: { permissions: { adminGroups: ['group:'] } } }))).toThrow(
      /cd\.permissions\.adminGroups\[0\]: not an entity ref/,
    );
    expect(() => readCdPolicySettings(new ConfigReader({ cd: { environmentGroups: { prod: 'sre' } } }))).toThrow(
      /cd\.environmentGroups\.prod/,
    );
  });
});
