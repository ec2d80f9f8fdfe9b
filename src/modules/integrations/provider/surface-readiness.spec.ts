import { scopeReadiness } from './surface-readiness.js';

const surfaces = [
  { key: 'pickers', requiredScopes: ['cohort:read', 'feature_flag:read'] },
  { key: 'annotations', requiredScopes: ['annotation:write'] },
];

describe('scopeReadiness', () => {
  it('grants everything to *', () => {
    expect(scopeReadiness(surfaces, ['*'])).toEqual({ pickers: { state: 'ready', missingScopes: [] }, annotations: { state: 'ready', missingScopes: [] } });
  });

  it('lets write imply read, but not read imply write', () => {
    const r = scopeReadiness(surfaces, ['cohort:write', 'feature_flag:read', 'annotation:read']);
    expect(r.pickers).toEqual({ state: 'ready', missingScopes: [] });
    expect(r.annotations).toEqual({ state: 'blocked', missingScopes: ['annotation:write'] });
  });

  it('names every missing scope', () => {
    expect(scopeReadiness(surfaces, ['notebook:read']).pickers).toEqual({ state: 'blocked', missingScopes: ['cohort:read', 'feature_flag:read'] });
  });

  it('says unknown when the scopes are unknown', () => {
    expect(scopeReadiness(surfaces, null)).toEqual({ pickers: { state: 'unknown', missingScopes: [] }, annotations: { state: 'unknown', missingScopes: [] } });
  });
});
