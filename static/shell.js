// The static shell's content, painted before any wasm has arrived (inlined into index.html by
// Trunk). Over a slow network the wasm takes seconds; this paints what the page is about at
// once, and the app replaces it when it mounts (src/ui/boot.rs removes #handover):
// - a newcomer on the playground (#/, not yet welcomed): the welcome's text, from the
//   <template id="shell-welcome"> that scripts/build-shell.sh fills from the first built-in;
// - a lesson (#/lessons/<slug>) or the quiz's start page (#/quiz): its text, from the content
//   bundle. The bundle is fetched here, first; the release loader (scripts/build-full.sh)
//   waits for `__otpShell` before it fetches the full bundle, which takes the bundle's text
//   from `__otpContentText` instead of fetching it again (ui::boot::start_full).
// Anything else keeps the shell's title and loading line.
(() => {
  const shell = document.getElementById("handover");
  if (!shell) return;
  const hash = location.hash;
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  let welcomed = true;
  try { welcomed = localStorage.getItem("otp-playground.welcomed") !== null; } catch (_) {}
  if ((hash === "" || hash === "#" || hash === "#/") && !welcomed) {
    const t = document.getElementById("shell-welcome");
    if (t) {
      shell.className = "boot-shell shell-welcome";
      shell.replaceChildren(t.content.cloneNode(true));
    }
    return;
  }
  const lesson = /^#\/lessons\/([A-Za-z0-9_-]+)$/.exec(hash);
  const quiz = hash === "#/quiz";
  if (!lesson && !quiz) return;
  const meta = document.querySelector("meta[name=otp-full]");
  const url = "content.json" + (meta ? "?v=" + meta.content : "");
  const painted = () => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  window.__otpShell = fetch(url)
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then((text) => {
      window.__otpContentText = text;
      const b = JSON.parse(text);
      if (lesson) {
        const l = b.lessons.find((x) => x.slug === lesson[1]);
        if (!l) return;
        const hasDemo = l.segments.some((s) => s.Demo);
        const article = el("article", "lesson");
        const crumbs = el("nav", "crumbs");
        const a = el("a", "", "Lessons");
        a.href = "#/lessons";
        crumbs.append(a);
        article.append(crumbs, el("h1", "", l.title));
        for (const s of l.segments) {
          // Rendered at build time from the lessons' Markdown, raw HTML escaped: the same
          // text the app inserts (ui/lessons.rs).
          if (s.Html !== undefined) {
            const d = el("div");
            d.innerHTML = s.Html;
            article.append(...d.childNodes);
          }
        }
        shell.className = "boot-shell lesson-view" + (hasDemo ? "" : " text-only");
        shell.replaceChildren(article);
        if (hasDemo) shell.append(el("section", "lesson-stage", "Loading the live demo…"));
      } else {
        const card = el("section", "quiz-card");
        card.append(
          el("h1", "", "Quiz: the excuses and the red flags"),
          // The same words as the app's start page (ui/quiz.rs, `start_page`).
          el("p", "lead", `${b.quiz.questions.length} questions on the rationalizations developers use to justify a design, the red flags that should make you stop, choosing the right abstraction, and predicting what a live system does next. Each run draws a shuffled set; its address replays the same questions in the same order.`),
          el("p", "muted small", "Loading the quiz…"),
        );
        shell.className = "boot-shell quiz-view";
        shell.replaceChildren(card);
      }
      return painted().then(() => {
        // The full bundle next, right after the paint (its loader waits for this promise).
        if (!meta) return;
        const l = el("link");
        l.rel = "preload";
        l.as = "fetch";
        l.type = "application/wasm";
        l.crossOrigin = "";
        l.href = "./" + meta.content + "_bg.wasm";
        const m = el("link");
        m.rel = "modulepreload";
        m.href = "./" + meta.content + ".js";
        document.head.append(l, m);
      });
    })
    .catch(() => {}); // the app fetches the bundle itself and says what went wrong
})();
