/**
 * A name no other test in this run (or a parallel run) uses: `<prefix>_<pid>_<n>_<random>`.
 * Short and limited to [a-z0-9_] so it is valid as a MongoDB database name and a Redis key prefix.
 */
export declare function uniqueName(prefix: string): string;
