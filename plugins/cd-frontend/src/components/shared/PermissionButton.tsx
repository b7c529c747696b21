import { ComponentProps } from 'react';
import { Button, Tooltip } from '@material-ui/core';
import type { CdPermission } from './useCdPermission';

/** A button disabled, with the reason as its tooltip, when the permission is missing. */
export const PermissionButton = ({
  permission,
  disabled,
  ...props
}: ComponentProps<typeof Button> & { permission: CdPermission }) => {
  const button = (
    <Button {...props} disabled={disabled || !permission.allowed} />
  );
  if (!permission.reason) return button;
  // A disabled button fires no events: the span carries the tooltip.
  return (
    <Tooltip title={permission.reason}>
      <span>{button}</span>
    </Tooltip>
  );
};
