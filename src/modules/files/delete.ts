/** Deletes R2 objects queued by an account erasure (R2 deletes up to 1000 keys per call). */
export async function deleteFiles(env: Pick<Env, "FILES">, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    await env.FILES.delete(keys.slice(i, i + 1000));
  }
}
