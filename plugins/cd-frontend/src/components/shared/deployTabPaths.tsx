import { createContext, ReactNode, useContext, useMemo } from 'react';
import { useLocation, useParams } from 'react-router-dom';

/** Where the Deploy tab's sub-views live, as absolute paths under the tab. */
export interface DeployTabPaths {
  root: string;
  execution(id: string): string;
  pipeline(id: string): string;
  newPipeline: string;
  canaryConfigs: string;
  audit: string;
}

function pathsUnder(root: string): DeployTabPaths {
  const base = root.replace(/\/+$/, '');
  return {
    root: base || '/',
    execution: id => `${base}/executions/${encodeURIComponent(id)}`,
    pipeline: id => `${base}/pipelines/${encodeURIComponent(id)}`,
    newPipeline: `${base}/pipelines/new`,
    canaryConfigs: `${base}/canary-configs`,
    audit: `${base}/audit`,
  };
}

const DeployTabPathsContext = createContext<DeployTabPaths>(pathsUnder(''));

/**
 * Computes the tab's base path from the splat route it is mounted on
 * (`/catalog/:ns/:kind/:name/cd/*`) so links do not depend on how React
 * Router resolves relative paths inside splat routes.
 */
export const DeployTabPathsProvider = ({
  children,
}: {
  children: ReactNode;
}) => {
  const { pathname } = useLocation();
  const rest = useParams()['*'] ?? '';
  const root =
    rest && pathname.endsWith(rest)
      ? pathname.slice(0, -rest.length)
      : pathname;
  const paths = useMemo(() => pathsUnder(root), [root]);
  return (
    <DeployTabPathsContext.Provider value={paths}>
      {children}
    </DeployTabPathsContext.Provider>
  );
};

export const useDeployTabPaths = () => useContext(DeployTabPathsContext);
