// The compare view for policy advisors: pick municipalities (and optionally a draft), run the
// comparison in a Web Worker, then read a heatmap of open access per provision, the minimal
// examples behind each cell with the rule lines that decided them, a similarity matrix, and the
// draft's cases. The CSV and HTML reports and the draft as a rule set folder are downloads.
// Everything runs in the browser, with the compare page's module (pkg/authoring.js).
import { draftFolder, findMunicipalities, loadCases, loadMunicipality, municipalities, ruleBehind, ruleSetSource } from "../pkg/authoring.js";
import { createEditor } from "./compare-editor.js";
import { strFromU8, strToU8, unzlibSync, zipSync, zlibSync } from "./vendor/fflate.js";

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
  frame_note: ["Landelijk kader: {names} {have} nog geen eigen regels in deze keuzehulp. Daar ziet u wat in heel Nederland geldt. 'Geen advies' betekent daar: de gemeente beslist zelf, de inwoner moet het de gemeente vragen.",
               "National frame: {names} {have} no rules of their own in this tool yet. Their columns show what holds in all of the Netherlands. 'No advice' there means: the municipality decides, the resident has to ask it."],
  has_one: ["heeft", "has"], has_many: ["hebben", "have"],
  population: ["Hoeveel situaties?", "How many situations?"],
  seed: ["Startgetal (zelfde getal, zelfde uitkomst)", "Seed (same number, same result)"],
  draft: ["Een concept-regelset toevoegen (optioneel)", "Add a draft rule set (optional)"],
  draft_base: ["Begin met de regels van", "Start from the rules of"],
  draft_script: ['Regels (Rhai). Pas ze aan; het concept heet "Concept".', 'Rules (Rhai). Edit them; the draft is called "Concept".'],
  draft_help: ["Met regelnummers. Na een fout is de regel met de fout rood gemarkeerd. Zoeken in alle regels: Ctrl+F in de editor, of de knop 'Zoeken in de regels'.", "With line numbers. After an error, the line with the error is marked in red. To search all the rules: Ctrl+F in the editor, or the button 'Search the rules'."],
  draft_search: ["Zoeken in de regels", "Search the rules"],
  draft_on: ["Concept meenemen in de vergelijking", "Include the draft in the comparison"],
  draft_keep: ["Concept bewaren in deze browser", "Keep the draft in this browser"],
  draft_keep_help: ["Bewaard worden alleen de tekst van het concept en de regels waarmee het begon, in deze browser (localStorage), tot u dit vinkje weghaalt. Er gaat niets naar een server.",
                    "Only the text of the draft and the rules it started from are kept, in this browser (localStorage), until you untick this box. Nothing goes to a server."],
  draft_download: ["Concept downloaden als regelset-map (zip)", "Download the draft as a rule set folder (zip)"],
  downloaded: ["{file} is gedownload: een map met ruleset.toml, rules.rhai en cases.toml. Controleer hem met: toegang check {folder}",
               "{file} was downloaded: a folder with ruleset.toml, rules.rhai and cases.toml. Check it with: toegang check {folder}"],
  national_frame_base: ["Landelijk kader (de regels voor elke gemeente)", "National frame (the rules for every municipality)"],
  cases: ["De testgevallen met het concept", "The cases with the draft"],
  cases_summary: ["{n} van de {m} testgevallen van {base} kloppen met het concept.", "{n} of the {m} cases of {base} pass with the draft."],
  cases_none: ["{base} heeft geen testgevallen.", "{base} has no cases."],
  case_expected: ["Verwacht", "Expected"], case_got: ["Gekregen", "Got"], case_what: ["Voorziening", "Provision"],
  case_whole: ["het hele advies", "the whole advice"],
  export_csv: ["Cijfers downloaden (CSV)", "Download the figures (CSV)"],
  export_html: ["Rapport downloaden (HTML)", "Download the report (HTML)"],
  rule_text: ["De regels in {file} die dit besliste", "The rules in {file} that decided this"],
  sources: ["Bronnen", "Sources"], seen_on: ["gelezen op {date}", "read on {date}"],
  checked_on: ["regels gecontroleerd op {date}", "rules checked on {date}"],
  run: ["Vergelijk", "Compare"],
  heatmap: ["Welke route, per voorziening", "Which route, per provision"],
  order: ["Kolommen", "Columns"],
  order_report: ["zoals in het rapport (CSV)", "as in the report (CSV)"],
  order_province: ["per provincie", "by province"],
  order_similarity: ["gelijke gemeenten naast elkaar", "similar municipalities side by side"],
  province_unknown: ["zonder provincie", "no province"],
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
  discard_edits: ["Uw wijzigingen in de regels van {name} gaan verloren. Toch andere regels kiezen?", "Your changes to the rules of {name} will be lost. Choose other rules anyway?"],
  pick_two: ["Kies minstens twee gemeenten.", "Choose at least two municipalities."],
  error: ["Er ging iets mis: {message}", "Something went wrong: {message}"],
  stopped: ["Niet vergeleken: {name} geeft bij geen enkele van de eerste situaties een advies. De fout: {message}",
            "Not compared: {name} gives no advice for any of the first situations. The error: {message}"],
  at_line: ["regel {line}, kolom {column}", "line {line}, column {column}"],
  goto_line: ["Ga naar regel {line} van het concept", "Go to line {line} of the draft"],
  link_with_draft: ["De link in de adresbalk bevat ook het concept: wie hem opent, vergelijkt hetzelfde concept. Het concept staat achter het #-teken en gaat niet naar een server.",
                    "The link in the address bar holds the draft too: whoever opens it compares the same draft. The draft is after the # sign and is not sent to any server."],
  link_without_draft: ["Het concept past niet in een link ({n} tekens, hooguit {max}). De link bevat alleen de gemeenten; stuur het concept mee als regelset-map (zip).",
                       "The draft does not fit in a link ({n} characters, at most {max}). The link holds the municipalities only; send the draft along as a rule set folder (zip)."],
  link_draft_version: ["Het concept in deze link is gemaakt op versie {version} van de regels van {name}; nu geldt versie {now}. Het concept is niet teruggezet.",
                       "The draft in this link was made on version {version} of the rules of {name}; version {now} applies now. The draft was not restored."],
  link_draft_unreadable: ["Het concept in deze link kon niet worden gelezen ({message}). De vergelijking loopt zonder concept.",
                          "The draft in this link could not be read ({message}). The comparison runs without the draft."],
  error_in_line: ["Fout in regel {line}: {message}", "Error in line {line}: {message}"],
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
  similarity_frame_cell: ["{a} en {b}: {p}% hetzelfde advies; één van beide heeft nog geen eigen regels (landelijk kader)", "{a} and {b}: {p}% the same advice; one of them has no rules of its own yet (national frame)"],
  similarity_frame_note: ["* Met een gemeente zonder eigen regels (landelijk kader). Dit getal zegt weinig over beleid: daar geeft toegang voor veel vragen geen advies, omdat de gemeente zelf beslist.",
                          "* With a municipality without rules of its own (national frame). This figure says little about policy: there toegang gives no advice for many questions, because the municipality decides itself."],
  cell_label: ["{m}, {name}, van {n} inwoners voor wie het geldt: {shares}", "{m}, {name}, of {n} residents for whom it applies: {shares}"],
  cell_none: ["{m}, {name}: niemand in deze groep vroeg erom", "{m}, {name}: nobody in this group asked for it"],
  cell_unanswered: ["{m}, {name}: {short}", "{m}, {name}: {short}"],
  unanswered_short: ["gevraagd door {n}, door geen gemeente beantwoord", "asked by {n}, answered by no municipality"],
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

const summaries = municipalities();
const list = summaries.filter((m) => m.kind === "municipality");
/** Municipalities added by search; those without a rule set are compared as the national frame. */
const added = [];
const label = (m) => (m.has_rule_set === false ? t("national_frame", { name: m.name }) : m.name);
const nameOf = (id) => {
  if (id === "concept") return "Concept";
  const m = list.find((x) => x.id === id) ?? added.find((x) => x.id === id);
  return m ? label(m) : id;
};
/** The province of a compared municipality, from the national table ("" for a draft). */
const provinceOf = (id) => {
  const [hit] = id === "concept" ? [] : findMunicipalities(id, 1);
  return hit && hit.id === id ? hit.province ?? "" : "";
};
let report = null;
let exports = null; // the CSV and HTML of `report`, as `toegang compare` writes them
let cases = null; // the base rule set's cases run against the compared draft
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
  const box = (m) => {
    const id = `m-${m.id}`;
    const input = el("input", { type: "checkbox", id, value: m.id, class: "utrecht-checkbox utrecht-checkbox--html-input" });
    input.checked = initial.has(m.id) || (checked.size === 0 && added.includes(m));
    return el("div", { class: "utrecht-form-field utrecht-form-field--checkbox" }, input,
      el("label", { for: id, class: "utrecht-form-label utrecht-form-label--checkbox" }, label(m)));
  };
  // Forty and more municipalities read best by province, each a group of its own.
  const byProvince = new Map();
  for (const m of [...list, ...added]) {
    const province = provinceOf(m.id) || t("province_unknown");
    byProvince.set(province, [...(byProvince.get(province) ?? []), m]);
  }
  const provinces = [...byProvince.keys()].sort((a, b) => a.localeCompare(b, "nl"));
  $("municipalities").replaceChildren(...provinces.map((province) =>
    el("fieldset", { class: "province-group" }, el("legend", { class: "utrecht-form-label" }, province),
      ...byProvince.get(province).sort((a, b) => label(a).localeCompare(label(b), "nl")).map(box))));
  // A draft starts from a municipality's rules or from the national frame (the baseline).
  const base = $("draft-base").value;
  $("draft-base").replaceChildren(...summaries.map((m) => el("option", { value: m.id }, m.kind === "baseline" ? t("national_frame_base") : m.name)));
  if (base) {
    $("draft-base").value = base;
  } else {
    $("draft-base").value = list[0].id;
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

/** A shared link (?gemeenten=hardenberg,zwolle&n=10000&seed=1) chooses the same comparison; the
 *  municipalities by id, CBS code or name (`Zwolle,GM0160,Den Bosch`), through the core's
 *  matcher. Whether the link chose two or more, so the comparison runs on open. */
function restoreFromUrl() {
  const params = new URLSearchParams(location.search);
  const written = (params.get("gemeenten") ?? "").split(",").map((w) => w.trim()).filter(Boolean);
  if (!written.length) return false;
  const ids = [];
  for (const query of written) {
    const [hit] = findMunicipalities(query, 1);
    if (!hit) continue;
    ids.push(hit.id);
    if (!list.some((m) => m.id === hit.id) && !added.some((m) => m.id === hit.id)) {
      added.push({ id: hit.id, name: hit.name, has_rule_set: hit.has_rule_set });
    }
  }
  renderMunicipalities();
  for (const box of document.querySelectorAll("#municipalities input")) box.checked = ids.includes(box.value);
  if ([...$("population").options].some((o) => o.value === params.get("n"))) $("population").value = params.get("n");
  if (/^\d+$/.test(params.get("seed") ?? "")) $("seed").value = params.get("seed");
  return ids.length >= 2;
}

const editor = createEditor($("draft"), { label: T.draft_script[0], lang: "nl", onChange: () => keepDraft() });
$("draft-search").addEventListener("click", () => editor.openSearch());

/** Whether the editor holds edits to its base's script that a comparison has not kept. */
function draftEdited() {
  const base = $("draft").dataset.base;
  try {
    return Boolean(base) && editor.value !== ruleSetSource(base).source;
  } catch {
    return false;
  }
}

// A reload or a closed tab would lose the edits: the browser asks first, unless the advisor
// chose to keep the draft in this browser.
addEventListener("beforeunload", (event) => {
  if (draftEdited() && !$("draft-keep").checked) event.preventDefault();
});

/** Where a kept draft lives: this browser's localStorage, only when the advisor ticks the box. */
const KEPT = "toegang.vergelijk.concept";

/** Keeps the draft (its text and the rules it started from), if the advisor chose so. */
function keepDraft() {
  if (!$("draft-keep").checked) return;
  try {
    localStorage.setItem(KEPT, JSON.stringify({ base: $("draft-base").value, source: editor.value }));
  } catch {
    // Storage full or switched off: the draft stays in the page, as without the box.
  }
}

function forgetDraft() {
  try {
    localStorage.removeItem(KEPT);
  } catch {
    // Nothing was kept.
  }
}

/** A kept draft back in the editor when the page opens, unless a link brings a draft of its own. */
async function restoreKeptDraft() {
  let kept = null;
  try {
    kept = JSON.parse(localStorage.getItem(KEPT) ?? "null");
  } catch {
    return;
  }
  if (typeof kept?.base !== "string" || typeof kept.source !== "string") return;
  if (new URLSearchParams(location.hash.slice(1)).has("concept")) return;
  if (![...$("draft-base").options].some((o) => o.value === kept.base)) return;
  const write = ++editorWrites;
  await loadMunicipality(kept.base).catch(() => null);
  if (write !== editorWrites) return;
  $("draft-base").value = kept.base;
  editor.value = kept.source;
  $("draft").dataset.base = kept.base;
  $("draft-keep").checked = true;
  $("draft-details").open = true;
}

/** Counts what put a script in the editor: one that finishes after a later one changes nothing. */
let editorWrites = 0;

/** Puts the script of the rule set chosen as the draft's base in the editor (its file is fetched
 *  when first chosen). */
async function loadDraft() {
  const base = $("draft-base").value;
  const write = ++editorWrites;
  const { unavailable } = await loadMunicipality(base).catch((e) => ({ unavailable: e }));
  if ($("draft-base").value !== base || write !== editorWrites) return;
  if (unavailable) {
    $("status").textContent = t("error", { message: unavailable.message });
    return;
  }
  editor.value = ruleSetSource(base).source;
  // Whose script the editor now holds (the base's file may have had to be fetched first).
  $("draft").dataset.base = base;
}

/** Another base for the draft: edits to the current one are not discarded without asking. */
async function changeBase() {
  const previous = $("draft").dataset.base;
  if (draftEdited() && !confirm(t("discard_edits", { name: previous === "baseline" ? t("national_frame_base") : nameOf(previous) }))) {
    $("draft-base").value = previous;
    return;
  }
  await loadDraft();
}

/** At most this many characters of draft in a link. Browsers take far longer links; a mail or a
 *  chat program may not. */
const LINK_DRAFT_CHARS = 16000;

const toBase64Url = (bytes) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""))
  .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
const fromBase64Url = (text) => Uint8Array.from(atob(text.replaceAll("-", "+").replaceAll("_", "/")), (c) => c.charCodeAt(0));

/** The draft for a link, after its `#` (which a browser never sends to a server): its base, the
 *  base's version, and the script compressed with the base's script as the dictionary, so a
 *  small edit makes a short link. `tooLong` when it would not fit. */
function draftInLink(concept, base) {
  const { source, metadata } = ruleSetSource(base);
  const packed = toBase64Url(zlibSync(strToU8(concept.source), { level: 9, dictionary: strToU8(source) }));
  if (packed.length > LINK_DRAFT_CHARS) return { fragment: "", tooLong: packed.length };
  return { fragment: `#${new URLSearchParams({ basis: base, versie: metadata.version, concept: packed })}` };
}

/** Why a link's draft was not restored ([key, values]), said with the comparison that runs on open. */
let linkProblem = null;

/** What the page says about the link of the comparison shown ([key, values]), in its language. */
let linkNotice = null;

function showLinkNotice() {
  const [key, values] = linkNotice ?? [];
  const written = Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, typeof v === "number" ? v.toLocaleString(lang) : v]));
  $("link-status").textContent = key ? t(key, written) : "";
}

/** A link's draft back in the editor and included in the comparison, when the link has one for
 *  the version of the rules that applies now; otherwise the page says why not. */
async function restoreDraftFromUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  const [base, version, packed] = ["basis", "versie", "concept"].map((name) => params.get(name));
  if (!base || !packed) return;
  const write = ++editorWrites;
  try {
    if (![...$("draft-base").options].some((o) => o.value === base)) throw new Error(base);
    await loadMunicipality(base);
    const { source, metadata } = ruleSetSource(base);
    if (metadata.version !== version) {
      linkProblem = ["link_draft_version", { version, name: nameOf(base), now: metadata.version }];
      return;
    }
    const script = strFromU8(unzlibSync(fromBase64Url(packed), { dictionary: strToU8(source) }));
    if (write !== editorWrites) return;
    $("draft-base").value = base;
    editor.value = script;
    $("draft").dataset.base = base;
    $("draft-on").checked = true;
    $("draft-details").open = true;
  } catch (e) {
    linkProblem = ["link_draft_unreadable", { message: e.message }];
  }
}

/** The draft as the comparison takes it: the script being edited, under the id "concept". */
function currentDraft() {
  const base = ruleSetSource($("draft-base").value);
  return { source: editor.value, metadata: { ...base.metadata, id: "concept", name: "Concept" } };
}

function draft() {
  return $("draft-on").checked ? currentDraft() : null;
}

/** The draft of the shown comparison (its rules lines are read from it), and what it started from. */
let compared = { draft: null, base: null };

/** Offers `text` as a file download named `name`. */
function download(name, type, data) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = el("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The draft as a zip holding one rule set folder, as `toegang check` reads it. */
async function downloadDraft() {
  const base = $("draft-base").value;
  try {
    await loadMunicipality(base);
    await loadCases(base);
    const folder = draftFolder(currentDraft(), base);
    const file = `${folder.name}.zip`;
    download(file, "application/zip", zipSync(Object.fromEntries(folder.files.map((f) => [f.path, strToU8(f.text)]))));
    $("draft-download-status").textContent = t("downloaded", { file, folder: folder.name });
  } catch (e) {
    $("draft-download-status").textContent = t("error", { message: e.message });
  }
}

/** The name a download of this comparison gets: its municipalities, population and seed. */
function exportName(extension) {
  const params = new URLSearchParams(location.search);
  return `vergelijking-${(params.get("gemeenten") ?? "").replaceAll(",", "-")}-n${params.get("n")}-seed${params.get("seed")}.${extension}`;
}

const worker = new Worker(new URL("compare-worker.js", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  if (data.ready) {
    $("run").disabled = false;
    // A shared link that names two or more municipalities runs its comparison on open.
    if (runOnOpen) draftRestored.then(() => run({ preventDefault() {} }));
  } else if (data.progress) {
    const [done, total] = data.progress;
    $("progress").value = done / total;
    $("status").textContent = t("running", { done: done.toLocaleString(lang), total: total.toLocaleString(lang) });
  } else if (data.error) {
    finish();
    // An old result must not stay on screen as if it belonged to this run.
    report = null;
    $("result").hidden = true;
    const { line, column, file } = data.error;
    const message = inPageLanguage(data.error.message);
    const where = line ? ` (${t("at_line", { line, column })})` : "";
    const draftFailed = file?.startsWith("draft/");
    $("status").textContent = draftFailed && data.error.code !== "script_syntax" && data.error.code !== "validation"
      ? t("stopped", { name: "Concept", message: message + where })
      : t("error", { message: message + where });
    if (draftFailed && line) {
      editor.markError({ line, message: t("error_in_line", { line, message }) });
      offerGotoLine(line, column);
    }
  } else if (data.report) {
    // The rule lines behind a reason are read here, from the same files the worker compared.
    Promise.all(data.report.municipalities.filter((id) => id !== "concept").map((id) => loadMunicipality(id).catch(() => null)))
      .then(() => show(data));
  }
};

/** The messages a policy advisor meets most while editing, in Dutch when the page is; the core's
 *  own words (English, as the CLI prints them) otherwise, and for every other message. */
const DUTCH_MESSAGES = [
  [/unknown resident fact `([^`]+)`(?:; did you mean `([^`]+)`\?)?/, "onbekend gegeven van de inwoner: `$1`.", " Bedoelt u `$2`?"],
  [/unknown resident method `([^`]+)`(?:; did you mean `([^`]+)`\?)?/, "onbekende functie van de inwoner: `$1`.", " Bedoelt u `$2`?"],
  [/unknown provision `([^`]+)`(?:; did you mean `([^`]+)`\?)?/, "onbekende voorziening `$1`.", " Bedoelt u `$2`?"],
  [/unknown access party `([^`]+)`(?:; did you mean `([^`]+)`\?)?/, "onbekende toegang `$1` (niet in ruleset.toml).", " Bedoelt u `$2`?"],
  [/Function not found: ([^ (]+)[^;]*(?:; did you mean `([^`]+)`\?)?/, "onbekende functie `$1`.", " Bedoelt u `$2`?"],
  [/Undefined variable: (\S+)/, "onbekende naam `$1`: maak hem eerst met `let`, of lees een gegeven als `resident.age`.", ""],
  [/Division by zero/, "delen door nul.", ""],
  [/the script ran more than (\d+) operations/, "het script deed meer dan $1 stappen: zit er een lus in die nooit stopt?", ""],
  [/Unexpected '([^']+)'/, "onverwacht `$1`.", ""],
  [/`(.)` on line (\d+) is never closed/, "`$1` op regel $2 wordt nergens gesloten.", ""],
  [/`(.)` on line (\d+) closes no open bracket/, "`$1` op regel $2 sluit geen haakje dat open staat.", ""],
];

function inPageLanguage(message) {
  if (lang !== "nl") return message;
  for (const [pattern, text, hint] of DUTCH_MESSAGES) {
    const found = message.match(pattern);
    if (!found) continue;
    const fill = (words) => words.replace("$1", found[1]).replace("$2", found[2] ?? "");
    return fill(text) + (hint && found[2] ? fill(hint) : "");
  }
  return message;
}

/** The cell a link names (`cel=huishoudelijke_hulp.zwolle`), if the shown comparison has it. */
function cellFromUrl() {
  const [provision, municipality] = (new URLSearchParams(location.search).get("cel") ?? "").split(".");
  const known = report.provisions.some((p) => p.provision === provision) && report.municipalities.includes(municipality);
  return known ? [provision, municipality] : null;
}

/** The chosen cell into the link, so a colleague who opens it sees the same examples. */
function cellIntoUrl() {
  const params = new URLSearchParams(location.search);
  params.set("cel", selected.join("."));
  history.replaceState(null, "", `?${params}${location.hash}`);
}

/** Shows a finished comparison. */
function show(data) {
  finish();
  report = data.report;
  exports = { csv: data.csv, html: data.html };
  cases = data.cases ?? null;
  selected = cellFromUrl();
  const failed = report.errors.some((n) => n > 0);
  $("status").textContent = t(failed ? "done_with_failures" : "done", { n: report.situations.toLocaleString(lang), s: (data.ms / 1000).toFixed(1) });
  $("status").dataset.ms = Math.round(data.ms);
  render();
}

function finish() {
  running = false;
  $("run").removeAttribute("aria-disabled");
  $("progress").hidden = true;
}

/** A button that puts the cursor on the line of the draft where the error is. */
function offerGotoLine(line, column = 1) {
  const button = $("goto-line");
  button.textContent = t("goto_line", { line });
  button.hidden = false;
  button.onclick = () => {
    $("draft-details").open = true;
    editor.goTo(line, column);
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
  // The draft failed for some residents: its first error's line is marked, and one click away.
  const draft = report.municipalities.indexOf("concept");
  const first = draft >= 0 && report.errors[draft] > 0 ? report.first_errors?.[draft] : null;
  const { line, column, file } = first?.location ?? {};
  if (line && file?.startsWith("draft/")) {
    editor.markError({ line, message: t("error_in_line", { line, message: inPageLanguage(first.message) }) });
    offerGotoLine(line, column);
  }
}

let running = false; // a comparison is on its way: "Vergelijk" waits for it

async function run(event) {
  event.preventDefault();
  // The draft's base rules must be here to name the draft (its metadata); the worker loads its own.
  if ($("draft-on").checked) await loadMunicipality($("draft-base").value);
  // The report's order is the list's (rule sets by id, then those added by search), whatever
  // grouping the page shows, so the CSV and HTML are the CLI's for the same ids.
  const checked = new Set([...document.querySelectorAll("#municipalities input:checked")].map((i) => i.value));
  const ids = [...list, ...added].map((m) => m.id).filter((id) => checked.has(id));
  const concept = draft();
  if (concept) ids.push("concept");
  editor.markError(null);
  if (ids.length < 2) {
    $("status").textContent = t("pick_two");
    return;
  }
  // Not `disabled`: that would drop the keyboard focus to the page's start.
  if (running) return;
  running = true;
  $("run").setAttribute("aria-disabled", "true");
  $("goto-line").hidden = true;
  $("progress").hidden = false;
  $("progress").value = 0;
  $("status").textContent = t("running", { done: 0, total: Number($("population").value).toLocaleString(lang) });
  // The choice lives in the URL, so a colleague who opens the link sees the same comparison.
  const chosen = ids.filter((id) => id !== "concept");
  const linked = concept ? draftInLink(concept, $("draft-base").value) : { fragment: "" };
  const link = new URLSearchParams({ gemeenten: chosen.join(","), n: $("population").value, seed: $("seed").value });
  // The chosen cell stays chosen when the new comparison has it.
  const cell = new URLSearchParams(location.search).get("cel");
  if (cell) link.set("cel", cell);
  history.replaceState(null, "", `?${link}${linked.fragment}`);
  linkNotice = linked.tooLong
    ? ["link_without_draft", { n: linked.tooLong, max: LINK_DRAFT_CHARS }]
    : concept ? ["link_with_draft"] : linkProblem;
  linkProblem = null;
  showLinkNotice();
  compared = { draft: concept, base: concept ? $("draft-base").value : null };
  worker.postMessage({ municipalities: ids, population: Number($("population").value), seed: Number($("seed").value) || 0, draft: concept, base: compared.base });
}

function render() {
  if (!report) return;
  $("result").hidden = false;
  renderFailures();
  renderCases();
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

/** Whether a compared column is a municipality without rules of its own (the national frame). */
const isFrame = (id) => added.some((m) => m.id === id && m.has_rule_set === false);

/** What a national frame column means, under the legend, when one is compared. */
function renderFrameNote() {
  const frame = report.municipalities.filter((id) => added.some((m) => m.id === id && m.has_rule_set === false));
  const names = frame.map((id) => added.find((m) => m.id === id).name);
  $("frame-note").hidden = names.length === 0;
  $("frame-note").textContent = names.length
    ? t("frame_note", { names: names.join(", "), have: t(names.length === 1 ? "has_one" : "has_many") })
    : "";
}

/** The order the report's columns are shown in: as the report (and its CSV) has them; by
 *  province, then name (as the list); or similar municipalities side by side (from the first,
 *  each next column the one whose advice is most often the same as the last one's). */
export function columnOrder(ids, similarity, how, province = () => "", name = (id) => id) {
  const indices = ids.map((_, i) => i);
  const byName = (a, b) => name(ids[a]).localeCompare(name(ids[b]), "nl");
  if (how === "province") return indices.sort((a, b) => province(ids[a]).localeCompare(province(ids[b]), "nl") || byName(a, b));
  if (how !== "similarity" || ids.length === 0) return indices;
  const order = [0];
  const left = indices.slice(1);
  while (left.length) {
    const last = order[order.length - 1];
    let best = 0;
    left.forEach((j, k) => { if (similarity[last][j] > similarity[last][left[best]]) best = k; });
    order.push(left.splice(best, 1)[0]);
  }
  return order;
}

const shownOrder = () => columnOrder(report.municipalities, report.similarity, $("order").value, provinceOf, nameOf);

function renderHeatmap() {
  renderLegend();
  renderFrameNote();
  const order = shownOrder();
  const head = el("tr", {}, el("th", { scope: "col" }, t("provision")), ...order.map((i) => el("th", { scope: "col" }, nameOf(report.municipalities[i]))));
  const rows = report.provisions.map((p) => el("tr", {},
    el("th", { scope: "row" }, p.name[lang]),
    ...order.map((i) => {
      const routes = p.routes[i];
      const municipality = report.municipalities[i];
      const isSelected = selected && selected[0] === p.provision && selected[1] === municipality;
      const parts = shares(routes, p.relevant);
      const written = parts.filter(([, percent]) => percent > 0).map(([route, percent]) => `${percent}% ${t(`short_${route}`)}`);
      // The name holds the cell's visible text as written (WCAG 2.5.3, label in name).
      // Asked but answered by no compared municipality is not the same as asked by nobody.
      const unanswered = !p.relevant && p.asked > 0;
      const asked = p.asked.toLocaleString(lang);
      const label = p.relevant
        ? t("cell_label", { m: nameOf(municipality), name: p.name[lang], n: p.relevant.toLocaleString(lang), shares: written.join(" · ") })
        : unanswered ? t("cell_unanswered", { m: nameOf(municipality), name: p.name[lang], short: t("unanswered_short", { n: asked }) })
        : t("cell_none", { m: nameOf(municipality), name: p.name[lang] });
      const text = p.relevant ? written.join(" · ") : unanswered ? t("unanswered_short", { n: asked }) : "—";
      const bar = el("span", { class: "bar", "aria-hidden": "true" }, ...parts.filter(([, percent]) => percent > 0)
        .map(([route, percent]) => { const seg = el("span", { class: `seg seg--${route}` }); seg.style.inlineSize = `${percent}%`; return seg; }));
      const button = el("button", {
        type: "button", class: `cell${p.relevant ? "" : " cell--empty"}${unanswered ? " cell--unanswered" : ""}`, "data-provision": p.provision, "data-municipality": municipality,
        "data-open": String(parts[0][1]), "data-decision": String(parts[1][1]),
        "aria-pressed": String(Boolean(isSelected)), "aria-label": label,
      }, bar, el("span", { class: "cell__text" }, text));
      button.addEventListener("click", () => {
        selected = [p.provision, municipality];
        cellIntoUrl();
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
  const order = shownOrder();
  const head = el("tr", {}, el("td"), ...order.map((j) => el("th", { scope: "col" }, nameOf(ids[j]))));
  const rows = order.map((i) => el("tr", {}, el("th", { scope: "row" }, nameOf(ids[i])), ...order.map((j) => {
    const [a, b] = [ids[i], ids[j]];
    const share = report.similarity[i][j];
    const percent = Math.round(share * 1000) / 10;
    const frame = a !== b && (isFrame(a) || isFrame(b));
    const title = t(frame ? "similarity_frame_cell" : "similarity_cell", { a: nameOf(a), b: nameOf(b), p: percent });
    const span = el("span", { class: frame ? "sim sim--frame" : "sim", title }, frame ? `${percent}%*` : `${percent}%`);
    const { background, color } = shade(share);
    span.style.background = background;
    span.style.color = color;
    return el("td", {}, span);
  })));
  $("similarity").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  const framed = ids.some(isFrame);
  $("similarity-frame-note").hidden = !framed;
  $("similarity-frame-note").textContent = framed ? t("similarity_frame_note") : "";
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
  const summary = summaries.find((m) => m.id === municipality);
  const heading = el("h4", { class: "utrecht-heading-4" }, nameOf(municipality),
    summary?.checked_on ? el("span", { class: "checked-on" }, ` (${t("checked_on", { date: summary.checked_on })})`) : null);
  if (!advice) return el("div", {}, heading, el("p", { class: "utrecht-paragraph" }, t("no_advice")));
  const where = advice.access ? ` ${t("via")} ${advice.access.name}` : "";
  // The statements behind the reasons, each once (two reasons of one chain share it).
  const rules = [];
  for (const r of advice.reasons) {
    const rule = rulesBehind(r.source);
    if (rule && !rules.some((x) => x.file === rule.file && x.lines[0]?.number === rule.lines[0]?.number)) rules.push(rule);
  }
  return el("div", { class: "side" },
    heading,
    el("p", { class: "utrecht-paragraph" }, el("span", { class: `route--${advice.route}` }, t(advice.route)), where),
    el("ul", { class: "utrecht-unordered-list", "aria-label": t("why") },
      // Each reason with the rule that gave it and where it stands: the line to change.
      ...advice.reasons.map((r) => el("li", { class: "utrecht-unordered-list__item" }, r.text[lang], " ",
        el("code", { class: "rule-line", title: t("rule_line") }, `${r.rule} · ${r.source}`)))),
    ...rules.map(ruleBlock),
    advice.legal_basis.length
      ? el("p", { class: "utrecht-paragraph basis" }, `${t("basis")}: ${advice.legal_basis.map((b) => b.citation).join("; ")}`)
      : null);
}

const ruleCache = new Map();
/** The lines of the script behind a reason (`file:line`) and the sources they cite; from the draft
 *  that was compared for `draft/rules.rhai`. */
function rulesBehind(source) {
  const key = `${source}\n${compared.draft?.source ?? ""}`;
  if (!ruleCache.has(key)) {
    let rule = null;
    try {
      rule = ruleBehind(source, source.startsWith("draft/") ? compared.draft ?? undefined : undefined);
    } catch {
      // A reason whose file is not known here gets its id and place only, as before.
    }
    ruleCache.set(key, rule);
  }
  return ruleCache.get(key);
}

function ruleBlock(rule) {
  const lines = rule.lines.map((line, i) => {
    // A jump in the numbers is a gap in the script: the block's header, then the rule.
    const gap = i > 0 && line.number > rule.lines[i - 1].number + 1;
    return el("span", { class: `rule-text__line${gap ? " rule-text__line--after-gap" : ""}${line.number === rule.line ? " rule-text__line--reason" : ""}` },
      el("span", { class: "rule-text__number", "aria-hidden": "true" }, String(line.number)), line.text);
  });
  const sources = rule.sources.map((source) => el("li", { class: "utrecht-unordered-list__item" },
    source.url ? el("a", { class: "utrecht-link", href: source.url }, source.title) : source.title,
    ` (${t("seen_on", { date: source.seen })})`));
  return el("figure", { class: "rule-behind" },
    el("figcaption", {}, t("rule_text", { file: `${rule.file}:${rule.lines[0]?.number ?? rule.line}` })),
    el("pre", { class: "rule-text" }, el("code", {}, ...lines)),
    sources.length ? el("p", { class: "utrecht-paragraph rule-sources__title" }, `${t("sources")}:`) : null,
    sources.length ? el("ul", { class: "utrecht-unordered-list rule-sources" }, ...sources) : null);
}

/** "n of m cases pass" for the compared draft, and every failing case: expected and got. */
function renderCases() {
  $("cases").hidden = !cases;
  if (!cases) return;
  const base = compared.base === "baseline" ? t("national_frame_base") : nameOf(compared.base);
  const failing = cases.filter((c) => c.failures.length > 0);
  $("cases-summary").textContent = cases.length
    ? t("cases_summary", { n: cases.length - failing.length, m: cases.length, base })
    : t("cases_none", { base });
  $("cases-summary").dataset.passed = String(cases.length - failing.length);
  $("cases-summary").dataset.total = String(cases.length);
  $("cases-failing").replaceChildren(...failing.map((c) => el("div", { class: "case-failure" },
    el("h3", { class: "utrecht-heading-3" }, c.case),
    el("div", { class: "table-scroll", tabindex: "0", role: "region", "aria-label": c.case },
      el("table", { class: "utrecht-table case-table" },
        el("thead", {}, el("tr", {}, ...["case_what", "case_expected", "case_got"].map((k) => el("th", { scope: "col" }, t(k))))),
        el("tbody", {}, ...c.failures.map((f) => el("tr", {},
          el("td", {}, f.provision ?? t("case_whole")), el("td", {}, el("code", {}, f.expected)), el("td", {}, el("code", {}, f.got))))))))));
}

function translate() {
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  editor.setLabel(t("draft_script"), lang);
  $("language").textContent = t("english");
  $("language").lang = lang === "nl" ? "en" : "nl";
  showLinkNotice();
  render();
}

$("run").disabled = true;
renderMunicipalities();
const runOnOpen = restoreFromUrl() || new URLSearchParams(location.hash.slice(1)).has("concept");
const draftRestored = restoreDraftFromUrl();
restoreKeptDraft();
$("draft-keep").addEventListener("change", () => ($("draft-keep").checked ? keepDraft() : forgetDraft()));
$("setup").addEventListener("submit", run);
$("draft-base").addEventListener("change", changeBase);
$("order").addEventListener("change", () => { renderHeatmap(); renderSimilarity(); });
$("draft-download").addEventListener("click", downloadDraft);
$("export-csv").addEventListener("click", () => download(exportName("csv"), "text/csv;charset=utf-8", exports.csv));
$("export-html").addEventListener("click", () => download(exportName("html"), "text/html;charset=utf-8", exports.html));
$("add-search").addEventListener("input", searchToAdd);
$("add-search").addEventListener("keydown", (e) => {
  if (e.key !== "Enter") return;
  e.preventDefault(); // Enter picks the first match, it does not start the comparison
  const [first] = $("add-search").value.trim() ? findMunicipalities($("add-search").value.trim(), 1) : [];
  if (first) add(first);
});
$("language").addEventListener("click", () => { lang = lang === "nl" ? "en" : "nl"; translate(); renderMunicipalities(); searchToAdd(); });
document.body.dataset.ready = "true";
