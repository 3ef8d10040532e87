// Firefox treats MV3 host access (our content script matches) as something
// the user may withhold or revoke; without it no page is ever checked. Show
// why, and ask again from a click (permissions.request needs a user gesture).
const api = globalThis.browser ?? globalThis.chrome;
const ORIGINS = ['http://*/*', 'https://*/*'];

export async function showAccessNotice() {
  const box = document.getElementById('access');
  if (!box || !api.permissions) return;
  const ok = await api.permissions.contains({ origins: ORIGINS }).catch(() => true);
  box.hidden = ok;
  if (ok) return;
  document.getElementById('grant').addEventListener('click', async () => {
    if (await api.permissions.request({ origins: ORIGINS }).catch(() => false)) box.hidden = true;
  });
}
