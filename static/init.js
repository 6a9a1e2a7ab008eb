// Progressive enhancement only: every task works without JavaScript.
import { initAll } from "./govuk-frontend.min.js";

initAll();

for (const button of document.querySelectorAll("[data-app-print]")) {
  button.addEventListener("click", () => window.print());
}

// GOV.UK Frontend marks a radio that reveals more questions with aria-expanded, which ARIA does not
// allow on a radio (axe aria-allowed-attr, a known issue: alphagov/govuk-frontend#979). The pages
// must pass axe, and the revealed questions follow the radio in reading order, so the attribute is
// dropped each time the radios script sets it (on load, on a click or key choice, on pageshow).
const dropRadioExpanded = () => {
  for (const radio of document.querySelectorAll("input[type=radio][aria-expanded]")) {
    radio.removeAttribute("aria-expanded");
  }
};
dropRadioExpanded();
document.addEventListener("click", dropRadioExpanded);
window.addEventListener("pageshow", dropRadioExpanded);

// The idle-timeout warning (WCAG 2.2.1 Timing Adjustable; templates/includes/timeout_warning.html).
// The body says, for a signed-in user, how many seconds are left before the idle sign-out and how
// long before it to warn. Before warning, the tab asks the server for the time left, so it stays
// quiet when another tab has been used since. "Stay signed in" (or Escape) posts to the keep-alive
// endpoint; a 403 or a redirect there means the session has already ended, and the page is loaded
// again, which shows the sign-in page and why. Asking for the time left does not end a session whose
// time is up: when it is, a form with answers typed on this page is sent, marked so that the server
// ends the session and keeps them for the next sign-in (never saves them); otherwise the page is
// loaded again. Without JavaScript nothing changes: a form sent after the timeout is kept.
const setUpTimeoutWarning = (dialog) => {
  const warning = Number(document.body.dataset.idleWarning);
  const form = dialog.querySelector("[data-timeout-form]");
  const stay = dialog.querySelector("[data-timeout-stay]");
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const heading = dialog.querySelector("h2");
  let deadline = 0; // when the session ends, as last known (ms)
  let checkTimer = 0;
  let tickTimer = 0;
  let spoken = "";
  let returnFocus = null;
  let edited = null; // a form on the page with answers typed but not sent

  document.addEventListener("input", (event) => {
    const field = event.target.form;
    if (field && field.method === "post" && !dialog.contains(field)) edited = field;
  });

  const plural = (count, unit) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  const secondsLeft = () => Math.max(0, Math.round((deadline - Date.now()) / 1000));
  // Shown: whole minutes, then seconds in the last minute. Announced: only when the rounded words
  // change (each minute, then every 15 seconds), not every second.
  const shownWords = (seconds) => (seconds > 60 ? plural(Math.ceil(seconds / 60), "minute") : plural(seconds, "second"));
  const spokenWords = (seconds) =>
    seconds > 60 ? plural(Math.ceil(seconds / 60), "minute") : plural(Math.max(15, Math.ceil(seconds / 15) * 15), "second").replace("60 seconds", "1 minute");

  const schedule = (seconds) => {
    deadline = Date.now() + seconds * 1000;
    window.clearTimeout(checkTimer);
    checkTimer = window.setTimeout(check, Math.max(0, seconds - warning) * 1000);
  };

  const signedOut = () => {
    if (edited) {
      // Sent marked, so the server ends the session and keeps the answers for the next sign-in.
      const mark = document.createElement("input");
      mark.type = "hidden";
      mark.name = "idle_sent_at_timeout";
      mark.value = "1";
      edited.append(mark);
      HTMLFormElement.prototype.submit.call(edited); // a field named "submit" may hide the method
    } else {
      window.location.assign(window.location.pathname + window.location.search);
    }
  };

  // The server's seconds left; 0 when the time is up or the user is signed out (403); null when it
  // cannot be asked (the last known is used).
  const askTimeLeft = async () => {
    try {
      const response = await fetch(dialog.dataset.timeLeftUrl, {
        headers: { Accept: "application/json" },
        cache: "no-store",
        redirect: "manual",
      });
      if (response.type === "opaqueredirect" || response.status === 403) return 0;
      if (!response.ok) return null;
      return Number((await response.json()).seconds_left);
    } catch {
      return null;
    }
  };

  const close = () => {
    window.clearInterval(tickTimer);
    spoken = "";
    announce.textContent = "";
    if (dialog.open) dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  };

  const tick = () => {
    const seconds = secondsLeft();
    countdown.textContent = `You will be signed out in ${shownWords(seconds)}.`;
    const words = `You will be signed out in ${spokenWords(seconds)}.`;
    if (words !== spoken) {
      spoken = words;
      announce.textContent = words;
    }
    if (seconds === 0) {
      window.clearInterval(tickTimer);
      check();
    } else if (seconds % 15 === 0) {
      check(); // another tab may have kept the session alive meanwhile
    }
  };

  const open = () => {
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
      heading.focus();
      window.clearInterval(tickTimer);
      tickTimer = window.setInterval(tick, 1000);
    }
    tick();
  };

  async function check() {
    const asked = await askTimeLeft();
    if (asked === null && secondsLeft() === 0) {
      window.clearTimeout(checkTimer);
      checkTimer = window.setTimeout(check, 5000); // the server cannot be reached: ask again soon
      return;
    }
    const seconds = asked === null ? secondsLeft() : asked;
    if (seconds <= 0) {
      signedOut();
    } else if (seconds > warning + 1) {
      close();
      schedule(seconds);
    } else {
      deadline = Date.now() + seconds * 1000;
      open();
    }
  }

  const staySignedIn = async () => {
    try {
      const response = await fetch(form.action, { method: "POST", body: new FormData(form), redirect: "manual" });
      if (response.status !== 204) {
        window.location.reload();
        return;
      }
    } catch {
      return; // no network: the dialog stays, and the countdown goes on
    }
    close();
    schedule(Number(document.body.dataset.idleTimeout));
  };

  form.addEventListener("submit", (event) => {
    if (event.submitter === stay) {
      event.preventDefault();
      staySignedIn();
    }
  });
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means stay signed in
    staySignedIn();
  });
  // Tab and Shift+Tab go round the dialog's controls.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const controls = [...dialog.querySelectorAll("button, a[href], input:not([type=hidden])")];
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === heading)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  schedule(Number(document.body.dataset.idleLeft));
};

const timeoutDialog = document.getElementById("timeout-warning");
if (timeoutDialog && typeof timeoutDialog.showModal === "function" && document.body.dataset.idleLeft) {
  setUpTimeoutWarning(timeoutDialog);
}

// The cut-off explorer (a GET form): with JavaScript, changing an answer shows the new figures in
// place (the results region is a polite live region) and keeps the address bookmarkable. While an
// answer is incomplete or wrong nothing changes: the button sends the form, and its messages say why.
for (const form of document.querySelectorAll("form[data-app-live-form]")) {
  const results = document.getElementById(form.dataset.appLiveForm);
  if (!results) continue;
  let latest = 0;
  form.addEventListener("change", async () => {
    const query = new URLSearchParams(new FormData(form)).toString();
    const url = `${window.location.pathname}?${query}`;
    const request = ++latest;
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (request !== latest) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(results.id);
      if (!response.ok || page.querySelector(".govuk-error-summary") || !fresh) return;
      results.innerHTML = fresh.innerHTML;
      window.history.replaceState(null, "", url);
    } catch {
      // Offline or the server did not answer: the button still sends the form.
    }
  });
}
