/**
 * The type of undici's pool module (see `pool` in `./undici.ts`): undici types its index only; the
 * module exports the class the index exports as `Pool`. A declaration only, for the compiler: no
 * output of the build refers to it.
 */
declare module "undici/lib/dispatcher/pool.js" {
  import type { Pool } from "undici"
  const PoolClass: typeof Pool
  export default PoolClass
}
