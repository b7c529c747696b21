import { ConfigReader } from '@backstage/config';
import { environmentGroupsFromConfig } from './environmentGroups';

describe('environmentGroupsFromConfig', () => {
  it('reads cd.environmentGroups, empty when absent', () => {
    expect(environmentGroupsFromConfig(new ConfigReader({ cd: { environmentGroups: { prod: ['group:default/sre'] } } }))).toEqual({
      prod: ['group:default/sre'],
    });
    expect(environmentGroupsFromConfig(new ConfigReader({}))).toEqual({});
  });
});
