// fieldwork's entry form, made a little better where JavaScript runs. The form works without
// it; this adds three things:
//
// - Enter in a standard saves that standard. Without this file, Enter presses the form's
//   hidden first button, which saves nothing (the server cannot tell which standard was meant).
// - A warning before leaving a page whose answers are not saved.
// - A draft of the answers not saved, kept in this browser (localStorage) and offered back
//   when the case is opened again, as after a closed tab or a lost connection. Drafts hold only
//   what was changed, never what was shown as saved, so restoring one cannot undo a
//   colleague's answers; they are removed at sign-out and after twelve hours.
'use strict';

(function () {
  const draftLife = 12 * 60 * 60 * 1000;

  // Sign-out removes this inspection's drafts once the page is really left.
  let signingOut = null;
  document.addEventListener('submit', (e) => {
    if (e.target.dataset.drafts) signingOut = e.target.dataset.drafts;
  });
  window.addEventListener('pagehide', () => {
    if (!signingOut) return;
    for (const k of Object.keys(localStorage)) if (k.startsWith(signingOut)) localStorage.removeItem(k);
  });

  const form = document.getElementById('case-form');
  if (!form) return;

  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (e.key !== 'Enter' || e.defaultPrevented || !(t instanceof HTMLInputElement) || t.form !== form) return;
    if (['submit', 'button', 'reset', 'image'].includes(t.type)) return;
    e.preventDefault();
    const section = t.closest('section[data-save]');
    if (section) form.requestSubmit(section.querySelector('button[name="save"]'));
  });

  // The answers (a:ID) and notes (n:ID) on the form, by field name.
  function values() {
    const v = {};
    for (const [name, value] of new FormData(form)) {
      if (name.startsWith('a:') || name.startsWith('n:')) v[name] = value;
    }
    return v;
  }
  function set(name, value) {
    const el = form.elements.namedItem(name);
    if (el instanceof RadioNodeList) {
      for (const r of el) r.checked = r.value === value;
    } else if (el) {
      el.value = value;
    }
  }

  const key = form.dataset.draftKey;
  const shown = values();
  // Changes already on the page but not saved: the server marks them (after a save of another
  // standard, a refused save, Enter without JavaScript).
  const unsaved = {};
  for (const el of form.querySelectorAll('[data-unsaved]')) {
    const name = el.dataset.unsaved;
    if (shown[name] !== undefined) unsaved[name] = shown[name];
  }
  let dirty = Object.keys(unsaved).length > 0;
  let submitting = false;

  function read() {
    try {
      const d = JSON.parse(localStorage.getItem(key));
      return d && typeof d.at === 'number' && d.values ? d : null;
    } catch {
      return null;
    }
  }
  function write() {
    const now = values();
    const changed = { ...unsaved };
    for (const [name, value] of Object.entries(now)) {
      if (value !== (shown[name] ?? '') && value !== '') changed[name] = value;
      else if (!(name in unsaved)) delete changed[name];
    }
    try {
      if (Object.keys(changed).length === 0) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: changed }));
    } catch {
      // Storage full or refused: the warning before leaving still stands.
    }
  }

  const draft = read();
  const offer = document.getElementById('draft-offer');
  const differs = draft && Date.now() - draft.at < draftLife
    ? Object.entries(draft.values).filter(([name, value]) => (shown[name] ?? '') !== value && form.elements.namedItem(name))
    : [];
  if (differs.length > 0 && offer) {
    document.getElementById('draft-count').textContent = differs.length === 1 ? '1 answer or note' : `${differs.length} answers or notes`;
    document.getElementById('draft-when').textContent = new Date(draft.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    offer.hidden = false;
    document.getElementById('draft-restore').addEventListener('click', () => {
      for (const [name, value] of differs) {
        set(name, value);
        unsaved[name] = value;
      }
      dirty = true;
      offer.hidden = true;
      write();
      const first = form.elements.namedItem(differs[0][0]);
      (first instanceof RadioNodeList ? [...first].find((r) => r.checked) : first)?.focus();
    });
    document.getElementById('draft-discard').addEventListener('click', () => {
      localStorage.removeItem(key);
      offer.hidden = true;
      document.querySelector('h1')?.setAttribute('tabindex', '-1');
      document.querySelector('h1')?.focus();
    });
  } else {
    write();
  }

  form.addEventListener('input', () => {
    dirty = true;
    write();
  });
  form.addEventListener('change', () => {
    dirty = true;
    write();
  });
  form.addEventListener('submit', () => {
    submitting = true;
  });
  window.addEventListener('pageshow', () => {
    submitting = false; // back again from the browser's cache
  });
  window.addEventListener('beforeunload', (e) => {
    if (dirty && !submitting) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
})();

// The print view's button: printing is the browser's, the button only asks for it.
(() => {
  for (const b of document.querySelectorAll('[data-print]')) {
    b.addEventListener('click', () => window.print());
  }
})();
