/**
 * How the language server's Node process is started, by the extension (src/client/serverClient.ts)
 * and by the bench alike, so that the bench measures the process users run.
 *
 * MALLOC_ARENA_MAX=2: glibc (Linux) gives threads that allocate their own malloc arenas and keeps
 * what was freed in each; V8's GC threads and libuv's pool make several. With two, the server held
 * about 20 MB less RSS after loading 100,000 findings, and V8's memory reducer could hand the
 * sync's garbage back to the system (see the README's Performance section). Other platforms'
 * allocators ignore the variable.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
