/** Which server group a drawer shows: the inventory's address of it. */
export interface ServerGroupRef {
  account: string;
  namespace: string;
  kind: string;
  name: string;
}
