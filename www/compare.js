// The compare view for policy advisors: pick municipalities (and optionally a draft), run the
// comparison in a Web Worker, then read a heatmap of open access per provision, the minimal
// examples behind each cell and a similarity matrix. Everything runs in the browser.
import { findMunicipalities, municipalities, ruleSetSource } from "../pkg/index.js";

const $ = (id) => document.getElementById(id);
let lang = "nl";
const T = {
  title: ["Regels vergelijken", "Compare rules"],
  intro: ["Voor beleidsmedewerkers. Kies gemeenten en bekijk voor dezelfde groep inwoners waar de regels verschillen. Alles wordt in uw browser berekend.",
          "For policy advisors. Pick municipalities and see, for one group of residents, where their rules differ. Everything is computed in your browser."],
  back: ["Naar de pagina voor inwoners", "To the page for residents"],
  pick: ["Welke gemeenten?", "Which municipalities?"],
  add: ["Een andere gemeente toevoegen", "Add another municipality"],
  add_help: ["Zonder eigen regelset in toegang geldt het landelijk kader.", "Without a rule set of its own in toegang, the national frame applies."],
  add_none: ["Geen gemeente gevonden voor '{q}'.", "No municipality found for '{q}'."],
  national_frame: ["{name} (landelijk kader)", "{name} (national frame)"],
  population: ["Hoeveel situaties?", "How many situations?"],
  seed: ["Startgetal (zelfde getal, zelfde uitkomst)", "Seed (same number, same result)"],
  draft: ["Een concept-regelset toevoegen (optioneel)", "Add a draft rule set (optional)"],
  draft_base: ["Begin met de regels van", "Start from the rules of"],
  draft_script: ['Regels (Rhai). Pas ze aan; het concept heet "Concept".', 'Rules (Rhai). Edit them; the draft is called "Concept".'],
  draft_on: ["Concept meenemen in de vergelijking", "Include the draft in the comparison"],
  run: ["Vergelijk", "Compare"],
  heatmap: ["Welke route, per voorziening", "Which route, per provision"],
  heatmap_help: ["Elk vak: hoe de inwoners voor wie de voorziening geldt worden geholpen. Kies een vak voor voorbeelden.",
                 "Each cell: how the residents for whom the provision applies are helped. Choose a cell for examples."],
  legend_note: ["Alleen inwoners voor wie de voorziening geldt tellen mee. Vraagt iemand zonder kinderen om hulp bij opvoeden, dan telt die niet mee.",
                "Only residents for whom the provision applies count. Someone without children asking for parenting support does not."],
  similarity: ["Hoe gelijk is het advies?", "How alike is the advice?"],
  similarity_help: ["Het deel van de situaties waarin twee gemeenten precies hetzelfde advies geven.",
                    "The share of situations in which two municipalities give exactly the same advice."],
  english: ["English", "Nederlands"],
  provision: ["Voorziening", "Provision"],
  running: ["Bezig: {done} van {total} situaties…", "Working: {done} of {total} situations…"],
  done: ["{n} situaties vergeleken in {s} seconden.", "Compared {n} situations in {s} seconds."],
  pick_two: ["Kies minstens twee gemeenten.", "Choose at least two municipalities."],
  error: ["Er ging iets mis: {message}", "Something went wrong: {message}"],
  stopped: ["Niet vergeleken: {name} geeft bij geen enkele van de eerste situaties een advies. De fout: {message}",
            "Not compared: {name} gives no advice for any of the first situations. The error: {message}"],
  at_line: ["regel {line}, kolom {column}", "line {line}, column {column}"],
  goto_line: ["Ga naar regel {line} van het concept", "Go to line {line} of the draft"],
  done_with_failures: ["{n} situaties vergeleken in {s} seconden, maar niet alle situaties konden worden beoordeeld (zie hieronder).",
                       "Compared {n} situations in {s} seconds, but not every situation could be evaluated (see below)."],
  failed_for: ["{name}: {n} van de {total} situaties konden niet worden beoordeeld; die tellen niet mee in de cijfers. De eerste fout: {message}",
               "{name}: {n} of the {total} situations could not be evaluated; they are left out of the figures. The first error: {message}"],
  no_difference: ["Bij {name} geven deze gemeenten in alle situaties dezelfde route.", "For {name} these municipalities give the same route in every situation."],
  differs: ["{a} en {b} verschillen in {n} situaties. Kleinste voorbeelden:", "{a} and {b} differ in {n} situations. Smallest examples:"],
  routes_of: ["Routes bij {name}", "Routes for {name}"],
  open_access: ["direct toegankelijk", "open access"], decision_required: ["besluit nodig", "decision required"],
  not_offered: ["niet aangeboden", "not offered"], elsewhere: ["elders geregeld", "arranged elsewhere"], no_advice: ["geen advies", "no advice"],
  via: ["via", "via"], why: ["Waarom?", "Why?"],
  rule_line: ["De regel en waar die staat", "The rule and where it stands"], basis: ["Grondslag en bronnen", "Basis and sources"],
  similarity_cell: ["{a} en {b}: {p}% hetzelfde advies", "{a} and {b}: {p}% the same advice"],
  cell_label: ["{m}, {name}, van {n} inwoners voor wie het geldt: {shares}", "{m}, {name}, of {n} residents for whom it applies: {shares}"],
  cell_none: ["{m}, {name}: geldt voor niemand in deze groep", "{m}, {name}: applies to nobody in this group"],
  short_open_access: ["direct", "open"], short_decision_required: ["besluit", "decision"], short_not_offered: ["niet aangeboden", "not offered"],
  short_elsewhere: ["elders", "elsewhere"], short_no_advice: ["geen advies", "no advice"],
};
const t = (key, values = {}) => T[key][lang === "nl" ? 0 : 1].replace(/\{(\w+)\}/g, (_, k) => values[k] ?? "");
const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

const list = municipalities().filter((m) => m.kind === "municipality");
/** Municipalities added by search; those without a rule set are compared as the national frame. */
const added = [];
const label = (m) => (m.has_rule_set === false ? t("national_frame", { name: m.name }) : m.name);
const nameOf = (id) => {
  if (id === "concept") return "Concept";
  const m = list.find((x) => x.id === id) ?? added.find((x) => x.id === id);
  return m ? label(m) : id;
};
let report = null;
let selected = null; // [provision, municipality]

/** A colour for an open-access share: blue (decision) through light to green (open access), with
 *  black or white text, whichever contrasts more. */
export function shade(share) {
  const hue = 215 - 75 * share;
  const lightness = 30 + 40 * (1 - Math.abs(2 * share - 1));
  const [r, g, b] = hslToRgb(hue, 0.6, lightness / 100);
  const luminance = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const L = 0.2126 * luminance(r) + 0.7152 * luminance(g) + 0.0722 * luminance(b);
  const fg = (1.05 / (L + 0.05)) >= ((L + 0.05) / 0.05) ? "#fff" : "#000";
  return { background: `rgb(${r} ${g} ${b})`, color: fg };
}

function hslToRgb(h, s, l) {
  const k = (n) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [f(0), f(8), f(4)].map((v) => Math.round(v * 255));
}

function renderMunicipalities() {
  const checked = new Set([...document.querySelectorAll("#municipalities input:checked")].map((i) => i.value));
  const initial = checked.size === 0 ? new Set(list.map((m) => m.id)) : checked;
  $("municipalities").replaceChildren(...[...list, ...added].map((m) => {
    const id = `m-${m.id}`;
    const input = el("input", { type: "checkbox", id, value: m.id, class: "utrecht-checkbox utrecht-checkbox--html-input" });
    input.checked = initial.has(m.id) || (checked.size === 0 && added.includes(m));
    return el("div", { class: "utrecht-form-field utrecht-form-field--checkbox" }, input,
      el("label", { for: id, class: "utrecht-form-label utrecht-form-label--checkbox" }, label(m)));
  }));
  if ($("draft-base").options.length === 0) {
    $("draft-base").replaceChildren(...list.map((m) => el("option", { value: m.id }, m.name)));
    loadDraft();
  }
}

/** Lists the municipalities matching the search; a click adds one, checked, to the list above. */
function searchToAdd() {
  const query = $("add-search").value.trim();
  const hits = query ? findMunicipalities(query, 6) : [];
  const buttons = hits.map((hit) => {
    const text = hit.place ? `${hit.place}, ${label(hit)}` : label(hit);
    const button = el("button", { type: "button", class: "utrecht-button utrecht-button--subtle", "data-municipality": hit.id }, text);
    button.addEventListener("click", () => add(hit));
    return el("li", {}, button);
  });
  const none = query && hits.length === 0 ? [el("li", { role: "status" }, t("add_none", { q: query }))] : [];
  $("add-results").replaceChildren(...buttons, ...none);
}

function add(hit) {
  if (!list.some((m) => m.id === hit.id) && !added.some((m) => m.id === hit.id)) {
    added.push({ id: hit.id, name: hit.name, has_rule_set: hit.has_rule_set });
  }
  renderMunicipalities();
  const box = $(`m-${hit.id}`);
  box.checked = true;
  $("add-search").value = "";
  searchToAdd();
  box.focus();
}

/** A shared link (?gemeenten=hardenberg,zwolle&n=10000&seed=1) chooses the same comparison. */
function restoreFromUrl() {
  const params = new URLSearchParams(location.search);
  const ids = (params.get("gemeenten") ?? "").split(",").filter(Boolean);
  if (!ids.length) return;
  for (const id of ids) {
    const [hit] = findMunicipalities(id, 1);
    if (hit && !list.some((m) => m.id === hit.id) && !added.some((m) => m.id === hit.id)) {
      added.push({ id: hit.id, name: hit.name, has_rule_set: hit.has_rule_set });
    }
  }
  renderMunicipalities();
  for (const box of document.querySelectorAll("#municipalities input")) box.checked = ids.includes(box.value);
  if ([...$("population").options].some((o) => o.value === params.get("n"))) $("population").value = params.get("n");
  if (/^\d+$/.test(params.get("seed") ?? "")) $("seed").value = params.get("seed");
}

function loadDraft() {
  $("draft").value = ruleSetSource($("draft-base").value).source;
}

function draft() {
  if (!$("draft-on").checked) return null;
  const base = ruleSetSource($("draft-base").value);
  return { source: $("draft").value, metadata: { ...base.metadata, id: "concept", name: "Concept" } };
}

const worker = new Worker(new URL("compare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  if (data.ready) {
    $("run").disabled = false;
  } else if (data.progress) {
    const [done, total] = data.progress;
    $("progress").value = done / total;
    $("status").textContent = t("running", { done: done.toLocaleString(lang), total: total.toLocaleString(lang) });
  } else if (data.error) {
    finish();
    // An old result must not stay on screen as if it belonged to this run.
    report = null;
    $("result").hidden = true;
    const { message, line, column, file } = data.error;
    const where = line ? ` (${t("at_line", { line, column })})` : "";
    const draftFailed = file?.startsWith("draft/");
    $("status").textContent = draftFailed && data.error.code !== "script_syntax" && data.error.code !== "validation"
      ? t("stopped", { name: "Concept", message: message + where })
      : t("error", { message: message + where });
    if (draftFailed && line) offerGotoLine(line, column);
  } else if (data.report) {
    finish();
    report = data.report;
    selected = null;
    const failed = report.errors.some((n) => n > 0);
    $("status").textContent = t(failed ? "done_with_failures" : "done", { n: report.situations.toLocaleString(lang), s: (data.ms / 1000).toFixed(1) });
    $("status").dataset.ms = Math.round(data.ms);
    render();
  }
};

function finish() {
  $("run").disabled = false;
  $("progress").hidden = true;
}

/** A button that puts the cursor on the line of the draft where the error is. */
function offerGotoLine(line, column = 1) {
  const button = $("goto-line");
  button.textContent = t("goto_line", { line });
  button.hidden = false;
  button.onclick = () => {
    $("draft-details").open = true;
    const text = $("draft").value;
    let offset = 0;
    for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf("\n", offset) + 1;
    const at = Math.max(0, offset) + Math.max(0, column - 1);
    $("draft").focus();
    $("draft").setSelectionRange(at, text.indexOf("\n", at) === -1 ? text.length : text.indexOf("\n", at));
  };
}

/** Per municipality with failed evaluations: how many, and the first error with its place. */
function renderFailures() {
  const lines = report.municipalities
    .map((m, i) => [m, report.errors[i], report.first_errors?.[i]])
    .filter(([, n]) => n > 0)
    .map(([m, n, first]) => {
      const where = first?.location?.line ? ` (${t("at_line", { line: first.location.line, column: first.location.column })})` : "";
      return el("p", { class: "utrecht-paragraph" }, t("failed_for", {
        name: nameOf(m), n: n.toLocaleString(lang), total: report.situations.toLocaleString(lang), message: (first?.message ?? "") + where,
      }));
    });
  $("failures").replaceChildren(...lines);
  $("failures").hidden = lines.length === 0;
}

function run(event) {
  event.preventDefault();
  const ids = [...document.querySelectorAll("#municipalities input:checked")].map((i) => i.value);
  const concept = draft();
  if (concept) ids.push("concept");
  if (ids.length < 2) {
    $("status").textContent = t("pick_two");
    return;
  }
  $("run").disabled = true;
  $("goto-line").hidden = true;
  $("progress").hidden = false;
  $("progress").value = 0;
  $("status").textContent = t("running", { done: 0, total: Number($("population").value).toLocaleString(lang) });
  // The choice lives in the URL, so a colleague who opens the link sees the same comparison.
  const chosen = ids.filter((id) => id !== "concept");
  history.replaceState(null, "", `?${new URLSearchParams({ gemeenten: chosen.join(","), n: $("population").value, seed: $("seed").value })}`);
  worker.postMessage({ municipalities: ids, population: Number($("population").value), seed: Number($("seed").value) || 0, draft: concept });
}

function render() {
  if (!report) return;
  $("result").hidden = false;
  renderFailures();
  renderHeatmap();
  renderSimilarity();
  renderExamples();
}

/** The four routes and "no advice", in a colour-blind-safe palette (Okabe–Ito) with a pattern on
 *  two of them, so the bar reads without colour too; the numbers are always written out. */
const ROUTES = ["open_access", "decision_required", "not_offered", "elsewhere", "no_advice"];

/** Shares of each route among the residents for whom the provision applies, in whole percents. */
function shares(routes, relevant) {
  const counts = { ...routes, no_advice: relevant - (routes.open_access + routes.decision_required + routes.not_offered + routes.elsewhere) };
  return ROUTES.map((route) => [route, relevant ? Math.round((counts[route] / relevant) * 100) : 0]);
}

function renderLegend() {
  $("legend").replaceChildren(...ROUTES.map((route) => el("li", {}, el("span", { class: `swatch seg--${route}`, "aria-hidden": "true" }), t(route))));
}

function renderHeatmap() {
  renderLegend();
  const head = el("tr", {}, el("th", { scope: "col" }, t("provision")), ...report.municipalities.map((m) => el("th", { scope: "col" }, nameOf(m))));
  const rows = report.provisions.map((p) => el("tr", {},
    el("th", { scope: "row" }, p.name[lang]),
    ...p.routes.map((routes, i) => {
      const municipality = report.municipalities[i];
      const isSelected = selected && selected[0] === p.provision && selected[1] === municipality;
      const parts = shares(routes, p.relevant);
      const written = parts.filter(([, percent]) => percent > 0).map(([route, percent]) => `${percent}% ${t(`short_${route}`)}`);
      const label = p.relevant
        ? t("cell_label", { m: nameOf(municipality), name: p.name[lang], n: p.relevant.toLocaleString(lang), shares: parts.map(([route, percent]) => `${percent}% ${t(route)}`).join(", ") })
        : t("cell_none", { m: nameOf(municipality), name: p.name[lang] });
      const bar = el("span", { class: "bar", "aria-hidden": "true" }, ...parts.filter(([, percent]) => percent > 0)
        .map(([route, percent]) => { const seg = el("span", { class: `seg seg--${route}` }); seg.style.inlineSize = `${percent}%`; return seg; }));
      const button = el("button", {
        type: "button", class: `cell${p.relevant ? "" : " cell--empty"}`, "data-provision": p.provision, "data-municipality": municipality,
        "data-open": String(parts[0][1]), "data-decision": String(parts[1][1]),
        "aria-pressed": String(Boolean(isSelected)), "aria-label": label,
      }, bar, el("span", { class: "cell__text" }, p.relevant ? written.join(" · ") : "—"));
      button.addEventListener("click", () => {
        selected = [p.provision, municipality];
        renderHeatmap();
        renderExamples();
        // The examples are below the table: bring them into view, and say where they are.
        $("examples").scrollIntoView({ block: "start" });
        $("examples").focus({ preventScroll: true });
      });
      return el("td", {}, button);
    })));
  $("heatmap").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

function renderSimilarity() {
  const ids = report.municipalities;
  const head = el("tr", {}, el("td"), ...ids.map((m) => el("th", { scope: "col" }, nameOf(m))));
  const rows = ids.map((a, i) => el("tr", {}, el("th", { scope: "row" }, nameOf(a)), ...ids.map((b, j) => {
    const share = report.similarity[i][j];
    const percent = Math.round(share * 1000) / 10;
    const span = el("span", { class: "sim", title: t("similarity_cell", { a: nameOf(a), b: nameOf(b), p: percent }) }, `${percent}%`);
    const { background, color } = shade(share);
    span.style.background = background;
    span.style.color = color;
    return el("td", {}, span);
  })));
  $("similarity").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

function renderExamples() {
  if (!selected) {
    $("examples").replaceChildren();
    return;
  }
  const [provision, municipality] = selected;
  const p = report.provisions.find((x) => x.provision === provision);
  const name = p.name[lang];
  const counts = el("ul", { class: "utrecht-unordered-list" }, ...report.municipalities.map((m, i) => {
    const r = p.routes[i];
    const parts = ["open_access", "decision_required", "elsewhere", "not_offered", "no_advice"]
      .filter((k) => r[k] > 0).map((k) => `${t(k)} ${Math.round((100 * r[k]) / p.asked)}%`);
    return el("li", { class: "utrecht-unordered-list__item" }, `${nameOf(m)}: ${parts.join(", ")}`);
  }));
  const pairs = report.differences.filter((d) => d.provision === provision && (d.a === municipality || d.b === municipality));
  const blocks = pairs.length === 0
    ? [el("p", { class: "utrecht-paragraph" }, t("no_difference", { name }))]
    : pairs.map((d) => el("div", { class: "pair" },
        el("p", { class: "utrecht-paragraph" }, t("differs", { a: nameOf(d.a), b: nameOf(d.b), n: d.count.toLocaleString(lang) })),
        ...d.examples.map((example) => el("div", { class: "example" },
          el("p", { class: "utrecht-paragraph" }, el("strong", {}, example.description[lang])),
          el("div", { class: "pair__sides" }, side(d.a, example.a), side(d.b, example.b))))));
  $("examples").replaceChildren(
    el("h3", { class: "utrecht-heading-3" }, `${name} — ${nameOf(municipality)}`),
    el("p", { class: "utrecht-paragraph" }, t("routes_of", { name })), counts, ...blocks);
}

function side(municipality, advice) {
  if (!advice) return el("div", {}, el("h4", { class: "utrecht-heading-4" }, nameOf(municipality)), el("p", { class: "utrecht-paragraph" }, t("no_advice")));
  const where = advice.access ? ` ${t("via")} ${advice.access.name}` : "";
  return el("div", {},
    el("h4", { class: "utrecht-heading-4" }, nameOf(municipality)),
    el("p", { class: "utrecht-paragraph" }, el("span", { class: `route--${advice.route}` }, t(advice.route)), where),
    el("ul", { class: "utrecht-unordered-list", "aria-label": t("why") },
      // Each reason with the rule that gave it and where it stands: the line to change.
      ...advice.reasons.map((r) => el("li", { class: "utrecht-unordered-list__item" }, r.text[lang], " ",
        el("code", { class: "rule-line", title: t("rule_line") }, `${r.rule} · ${r.source}`)))),
    advice.legal_basis.length
      ? el("p", { class: "utrecht-paragraph basis" }, `${t("basis")}: ${advice.legal_basis.map((b) => b.citation).join("; ")}`)
      : null);
}

function translate() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("language").textContent = t("english");
  $("language").lang = lang === "nl" ? "en" : "nl";
  render();
}

$("run").disabled = true;
renderMunicipalities();
restoreFromUrl();
$("setup").addEventListener("submit", run);
$("draft-base").addEventListener("change", loadDraft);
$("add-search").addEventListener("input", searchToAdd);
$("add-search").addEventListener("keydown", (e) => {
  if (e.key !== "Enter") return;
  e.preventDefault(); // Enter picks the first match, it does not start the comparison
  const [first] = $("add-search").value.trim() ? findMunicipalities($("add-search").value.trim(), 1) : [];
  if (first) add(first);
});
$("language").addEventListener("click", () => { lang = lang === "nl" ? "en" : "nl"; translate(); renderMunicipalities(); searchToAdd(); });
document.body.dataset.ready = "true";
