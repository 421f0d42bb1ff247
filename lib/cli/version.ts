/**
 * pfw's version, printed by `pfw --version`. A test keeps it equal to package.json's.
 *
 * @module
 */

/** The version of this pfw. */
export const VERSION = "0.1.0";
