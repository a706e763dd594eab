// The resident page: every change re-evaluates the advice in the browser, with the same engine
// and rules as the case systems. Nothing is sent anywhere.
// The engine (1.2 MB of wasm) is fetched and compiled while the form is already shown and can be
// filled in; what the resident answered meanwhile is advised on as soon as it is ready.
// The municipality table and the chosen municipality's rule set come as small files (data.js), so
// the search works and the rules are on their way before the engine has arrived.
// Imported, not a static import: the form must not wait for it on a slow line.
const data = import("../pkg/data.js");

const engineLoading = import("../pkg/resident.js");
let engine = null;

const $ = (id) => document.getElementById(id);
let lang = "nl";

const T = {
  title: ["Welke hulp past bij u?", "Which support fits you?"],
  intro: ["Beantwoord een paar vragen. U ziet meteen waar u terecht kunt. Uw antwoorden blijven op uw eigen computer. De website ziet alleen welke gemeente u kiest: de regels van die gemeente worden dan opgehaald.",
          "Answer a few questions and see at once where you can go. Your answers stay on your own computer. The website only sees which municipality you choose: that municipality's rules are then fetched."],
  search: ["Zoek uw gemeente of woonplaats", "Search for your municipality or town"],
  chosen: ["Uw gemeente: {name}", "Your municipality: {name}"],
  choose_first: ["Kies eerst uw gemeente. Typ de naam van uw gemeente of woonplaats.", "First choose your municipality. Type the name of your municipality or town."],
  children_unreadable: ["'{v}' is geen leeftijd. Schrijf de leeftijden in cijfers, bijvoorbeeld: 8, 15.", "'{v}' is not an age. Write the ages in figures, for example: 8, 15."],
  fix_children: ["Kijk eerst naar de leeftijden van de kinderen. Daarna ziet u hier uw advies.", "First check the children's ages. Then you see your advice here."],
  about_you_first: ["Vul uw leeftijd in en kies met wie u woont. Daarna ziet u hier uw advies.", "Fill in your age and choose who you live with. Then you see your advice here."],
  children_first: ["Schrijf hoe oud de kinderen zijn die bij u wonen. Daarna ziet u hier uw advies.", "Write how old the children who live with you are. Then you see your advice here."],
  age_unreadable: ["Vul een leeftijd in van 0 tot en met 120 jaar, in cijfers.", "Fill in an age from 0 to 120 years, in figures."],
  fix_age: ["Kijk eerst naar uw leeftijd. Daarna ziet u hier uw advies.", "First check your age. Then you see your advice here."],
  did_you_mean: ["Bedoelt u {name}?", "Did you mean {name}?"],
  no_match: ["Geen gemeente of woonplaats gevonden voor '{q}'.", "No municipality or town found for '{q}'."],
  no_postcode: ["Zoeken op postcode kan hier niet. Typ de naam van uw woonplaats of gemeente.", "You cannot search by postcode here. Type the name of your town or municipality."],
  kept: ["Uw keuze blijft {name}.", "Your choice stays {name}."],
  place_in: ["{place}, gemeente {name}", "{place}, municipality of {name}"],
  former_in: ["{place}: hoort sinds {date} bij de gemeente {name}", "{place}: part of the municipality of {name} since {date}"],
  checked_on: ["Deze regels zijn voor het laatst gecontroleerd op {date}.", "These rules were last checked on {date}."],
  checked_on_national: ["De landelijke regels in deze keuzehulp zijn voor het laatst gecontroleerd op {date}.", "The national rules in this tool were last checked on {date}."],
  not_yet_known: ["Eigen bijdrage {year}: nog niet bekend", "Contribution {year}: not yet known"],
  was: ["in {year}: {amount}", "in {year}: {amount}"],
  needs: ["Waar wilt u hulp bij?", "What would you like help with?"],
  age: ["Hoe oud bent u?", "How old are you?"],
  household: ["Met wie woont u?", "Who do you live with?"], choose: ["Kies wat bij u past", "Choose what fits you"],
  choose_answer: ["Kies een antwoord", "Choose an answer"],
  housemate_first: ["Zeg eerst of iemand die bij u woont het huishouden kan doen. Daarna ziet u hier uw advies.", "First say whether someone who lives with you can do the household tasks. Then you see your advice here."],
  alone: ["Alleen", "Alone"], with_partner: ["Met mijn partner", "With my partner"],
  single_parent: ["Alleen met mijn kinderen", "Alone with my children"], family: ["Met mijn partner en kinderen", "With my partner and children"],
  other: ["Met anderen (bijvoorbeeld mijn ouders)", "With others (for example my parents)"],
  children: ["Hoe oud zijn de kinderen die bij u wonen? Ook kinderen die volwassen zijn. Bijvoorbeeld: 8, 15", "How old are the children who live with you? Grown-up children too. For example: 8, 15"],
  mobility: ["Hoe goed kunt u lopen?", "How well can you walk?"], mobility_none: ["Goed", "Fine"], walks_with_difficulty: ["Moeilijk", "Difficult"],
  wheelchair_user: ["Ik gebruik een rolstoel", "I use a wheelchair"],
  wlz: ["Ik heb een indicatie voor de Wet langdurige zorg (Wlz)", "I have an indication under the Long-term Care Act (Wlz)"],
  summary_income: ["Netto inkomen van het huishouden", "Household net income"],
  you_pay: ["U betaalt {amount} {unit}.", "You pay {amount} {unit}."],
  per_hour: ["per uur", "an hour"], per_ride: ["per rit", "a ride"], per_zone: ["per zone", "a zone"], per_km: ["per kilometer", "a kilometre"],
  per_day_part: ["per dagdeel", "a half day"], per_day: ["per dag", "a day"], per_meal: ["per maaltijd", "a meal"],
  per_month: ["per maand", "a month"], per_year: ["per jaar", "a year"], per_once: ["één keer", "once"],
  care_guidance: ["Ik kan mij wel wassen en aankleden, maar ik kom er zelf niet toe. Ik heb iemand nodig die mij daarbij helpt en stuurt.",
                  "I can wash and dress myself, but I do not get round to it. I need someone to help and guide me."],
  dont_know: ["Weet ik niet", "I don't know"],
  housemate: ["Kan iemand van 18 jaar of ouder die bij u woont het huishouden doen?", "Can someone aged 18 or over who lives with you do the household tasks?"],
  housemate_can_help: ["Ja", "Yes"], housemate_cannot_help: ["Nee, dat kan die persoon niet", "No, that person cannot"],
  housemate_overburdened: ["Ja, maar het wordt te zwaar", "Yes, but it is getting too much"],
  housemate_wlz: ["Iemand die bij mij woont krijgt zorg via de Wet langdurige zorg (Wlz)", "Someone who lives with me gets care under the Long-term Care Act (Wlz)"],
  hours: ["Hoeveel uur hulp in het huishouden heeft u ongeveer nodig per week?", "About how many hours of household help a week do you need?"],
  hours_1: ["1 uur of minder", "1 hour or less"], hours_2: ["Ongeveer 2 uur", "About 2 hours"], hours_3: ["Ongeveer 3 uur", "About 3 hours"], hours_4: ["4 uur of meer", "4 hours or more"],
  aid: ["Wat voor hulpmiddel of aanpassing zoekt u?", "What kind of aid or adaptation are you looking for?"],
  aid_hint: ["Een wandelstok of een gewone fiets koopt iedereen in de winkel. Een douchestoel is een klein hulpmiddel. Een traplift is speciaal voor een beperking.",
             "Anyone buys a walking stick or an ordinary bicycle in a shop. A shower chair is a small aid. A stairlift is made for a disability."],
  aid_everyday: ["Iets wat iedereen in de winkel koopt", "Something anyone buys in a shop"],
  aid_small: ["Een klein hulpmiddel", "A small aid"], aid_special: ["Iets speciaals voor een beperking", "Something made for a disability"],
  weeks_q: ["Hoe lang heeft u de hulp nodig?", "How long do you need the help?"],
  weeks_long: ["Langer, of weet ik niet", "Longer, or I don't know"],
  weeks_6: ["Een paar weken (6 weken of korter)", "A few weeks (6 weeks or less)"], weeks_13: ["Tot 3 maanden", "Up to 3 months"], weeks_26: ["Tot een half jaar", "Up to half a year"],
  parents: ["Wonen de ouders samen?", "Do the parents live together?"],
  parents_together: ["Ja, de ouders wonen samen", "Yes, the parents live together"], parents_single: ["Nee, het kind woont bij één ouder", "No, the child lives with one parent"],
  pgb_q: ["Wilt u de hulp zelf inkopen met een persoonsgebonden budget (pgb)?", "Would you like to buy the help yourself with a personal budget (pgb)?"],
  pgb_in_kind: ["Nee, de gemeente regelt de hulp", "No, the municipality arranges the help"],
  pgb_manage_myself: ["Ja, en ik kan het zelf beheren", "Yes, and I can manage it myself"],
  pgb_manage_with_help: ["Ja, met hulp van iemand die ik ken", "Yes, with help from someone I know"],
  pgb_cannot_manage: ["Ja, maar niemand kan het beheren", "Yes, but nobody can manage it"],
  summary_housemate: ["Huisgenoot kan het huishouden doen", "Housemate can do the household tasks"],
  summary_hours: ["Uren hulp per week", "Hours of help a week"], summary_aid: ["Hulpmiddel", "Aid"],
  summary_weeks: ["Hoe lang nodig", "Needed for"], summary_parents: ["Ouders", "Parents"], summary_pgb: ["Pgb", "Personal budget"],
  results: ["Uw advies", "Your advice"],
  income: ["Hoeveel geld komt er elke maand binnen in uw huishouden? Netto, in euro's. Dit is alleen voor regelingen voor een laag inkomen.",
           "How much money comes into your household each month? Net, in euros. This is only for low-income schemes."],
  income_hint: ["Tel alles op wat u en uw partner krijgen: loon, uitkering, AOW, pensioen. Weet u het niet, of zegt u het liever niet? Laat het vak dan leeg.",
                "Add up everything you and your partner get: wages, benefits, AOW, pension. Don't know, or rather not say? Leave the box empty."],
  income_unreadable: ["Vul een bedrag in euro's in, in cijfers. Bijvoorbeeld: 1800", "Fill in an amount in euros, in figures. For example: 1800"],
  fix_income: ["Kijk eerst naar het bedrag van uw inkomen. Daarna ziet u hier uw advies.", "First check the amount of your income. Then you see your advice here."],
  open_access: ["U kunt direct terecht", "You can go straight there"],
  decision_required: ["Hiervoor is een besluit nodig", "This needs a decision"],
  elsewhere: ["Elders geregeld", "Arranged elsewhere"],
  not_eligible: ["Hiervoor komt u nu niet in aanmerking", "You do not qualify for this now"],
  not_offered: ["Niet in uw gemeente", "Not offered in your municipality"],
  beschikking: ["Een besluit (beschikking) is een brief van de gemeente waarin staat welke hulp u krijgt.",
                "A decision (beschikking) is a letter from the municipality saying which help you get."],
  why: ["Waarom?", "Why?"], free_sessions: ["gratis gesprekken", "free sessions"], free: ["Gratis", "Free"],
  pgb: ["U kunt ook een persoonsgebonden budget (pgb) vragen.", "You can also ask for a personal budget (pgb)."],
  pgb_conditions: ["Wanneer krijgt u een pgb?", "When do you get a personal budget?"],
  announce: ["{n} mogelijkheden: {parts}.", "{n} options: {parts}."],
  announce_one: ["1 mogelijkheid: {parts}.", "1 option: {parts}."],
  announce_open_access: ["{k} direct", "{k} directly"],
  announce_decision_required: ["{k} met een besluit", "{k} with a decision"],
  announce_elsewhere: ["{k} via een andere wet", "{k} under another law"],
  announce_refused: ["{k} niet voor u", "{k} not for you"],
  to_advice_none: ["Naar uw advies: wat u nu kunt doen ↓", "To your advice: what you can do now ↓"],
  announce_none: ["Nog geen mogelijkheden in deze keuzehulp. Het advies zegt wat u nu kunt doen.", "No options in this tool yet. The advice says what you can do now."],
  to_advice: ["Naar uw advies: {n} mogelijkheden voor u ↓", "To your advice: {n} options for you ↓"],
  to_advice_one: ["Naar uw advies: 1 mogelijkheid voor u ↓", "To your advice: 1 option for you ↓"],
  loading: ["Even geduld: de vragen worden geladen…", "One moment: the questions are loading…"],
  engine_loading: ["Even geduld: het advies wordt geladen…", "One moment: the advice is loading…"],
  rules_loading: ["Even geduld: de regels van {name} worden geladen…", "One moment: the rules of {name} are loading…"],
  engine_failed: ["Het advies kon niet worden geladen. Laad de pagina later opnieuw.", "The advice could not be loaded. Please reload the page later."],
  engine_failed_ask: ["U kunt het ook vragen aan de gemeente {name}:", "You can also ask the municipality of {name}:"],
  list_loading: ["Even geduld: de lijst met gemeenten wordt geladen…", "One moment: the list of municipalities is loading…"],
  list_loading_enter: ["Even geduld: de lijst met gemeenten wordt geladen. Daarna kiest de pagina de gemeente die het best past bij '{q}'.",
                       "One moment: the list of municipalities is loading. Then the page chooses the municipality that best fits '{q}'."],
  list_failed: ["De lijst met alle gemeenten kon niet worden geladen. Daarom vindt u nu alleen gemeenten met eigen regels in deze keuzehulp. Laad de pagina later opnieuw.",
                "The list of all municipalities could not be loaded. So you can only find municipalities with their own rules in this tool now. Reload the page later."],
  retry_rules: ["Probeer de regels opnieuw te laden", "Try to load the rules again"],
  summary: ["Uw vraag", "Your question"], summary_municipality: ["Gemeente", "Municipality"], summary_date: ["Datum", "Date"],
  summary_age: ["Leeftijd", "Age"], summary_household: ["Woont", "Lives"], summary_children: ["Kinderen (leeftijd)", "Children (age)"],
  summary_needs: ["Hulp bij", "Help with"], summary_mobility: ["Lopen", "Walking"], summary_wlz: ["Wlz-indicatie", "Wlz indication"], yes: ["ja", "yes"],
  saved_title: ["Advies van toegang voor {name}, {date}", "Advice from toegang for {name}, {date}"],
  cost_shared: ["Eigen bijdrage: één bedrag per huishouden, samen met uw andere hulp. Zie boven.",
                "Contribution: one amount per household, together with your other help. See above."],
  source: ["Bron", "Source"], download_json: ["Bestand voor de gemeente (JSON)", "File for the municipality (JSON)"],
  call: ["Bel {phone}", "Call {phone}"], website: ["Website", "Website"], mail: ["E-mail", "Email"],
  cost_unknown: ["Wat het kost, staat hier niet. U hoort het als u het aanvraagt.", "What it costs is not given here. You hear it when you apply."],
  assumed: ["Let op: niet alles hierover is nagekeken bij de gemeente. Vraag het na.", "Note: not everything about this was checked with the municipality. Please ask."],
  weeks: ["Besluit binnen {n} weken", "Decision within {n} weeks"], pick_need: ["Kies waar u hulp bij wilt.", "Choose what you would like help with."],
  unmet: ["Nog geen advies", "No advice yet"], english: ["English", "Nederlands"],
  print: ["Samenvatting afdrukken", "Print a summary"], download: ["Bewaar als bestand", "Save as a file"],
  story_note: ["Neem de samenvatting mee naar het gesprek. Dan hoeft u uw verhaal maar één keer te vertellen.",
               "Take the summary to the conversation, so you tell your story only once."],
  steps: ["Zo gaat het:", "How it goes:"], steps_for: ["Zo gaat het voor {names}:", "How it goes for {names}:"],
  compare_link: ["Voor beleidsmedewerkers: de regels van gemeenten vergelijken", "For policy advisors: compare the rules of municipalities"],
};
const t = (key) => T[key][lang === "nl" ? 0 : 1];
const pick = (text) => text[lang];

function translate() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  $("language").textContent = t("english");
  $("language").lang = lang === "nl" ? "en" : "nl";
  renderNeeds();
}

let needs = [];
function renderNeeds() {
  if (!needs.length) return; // still on their way: "de vragen worden geladen" stays
  const checked = new Set(selectedNeeds());
  $("needs").replaceChildren(...needs.map((n) => {
    const field = document.createElement("div");
    field.className = "utrecht-form-field utrecht-form-field--checkbox";
    const box = Object.assign(document.createElement("input"), { type: "checkbox", id: `need-${n.id}`, value: n.id, className: "utrecht-checkbox utrecht-checkbox--html-input" });
    box.checked = checked.has(n.id);
    const label = Object.assign(document.createElement("label"), { htmlFor: box.id, className: "utrecht-form-label utrecht-form-label--checkbox", textContent: pick(n.name) });
    field.append(box, label);
    return field;
  }));
}

const selectedNeeds = () => [...document.querySelectorAll("#needs input:checked")].map((b) => b.value);

// What the resident wrote for the children's ages that is not an age toegang can use: said next to
// the field, kept in it, and no advice until it is put right.
let childrenProblem = null;

/** The children's ages as written ("8, 15", "52": a grown-up son at home is a child too, and an
 *  adult housemate); anything else is a problem shown next to the field. */
function childAges() {
  const written = $("children").value.split(/[,\s]+/).filter(Boolean);
  const unreadable = written.find((v) => !/^\d{1,3}$/.test(v) || Number(v) > 120);
  showChildrenProblem(unreadable ? t("children_unreadable").replace("{v}", unreadable) : null);
  return childrenProblem ? [] : written.map((v) => ({ age: Number(v) }));
}

/** The resident's age, or null while the field is empty; an age that is not one (a browser keeps
 *  "200" or "7.5" in a number field) is said next to the field and kept there. */
function residentAge() {
  const field = $("age");
  const written = field.value.trim();
  const readable = /^\d{1,3}$/.test(written) && Number(written) <= 120;
  // A number field the browser cannot read ("abc") reports `badInput` and an empty value.
  const bad = field.validity?.badInput || (written !== "" && !readable);
  $("age-error").hidden = !bad;
  $("age-error").textContent = bad ? t("age_unreadable") : "";
  if (bad) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
  ageProblem = bad;
  return readable ? Number(written) : null;
}
let ageProblem = false;

/** The household's net income a month in whole euros as written ("1800", "1.800", "€ 1.800,50"),
 *  or null while the field is empty; anything else is said next to the field and kept there. The
 *  engine measures it against the social minimum and says how in the advice. */
function incomeEuros() {
  const field = $("income");
  // "€ 1.800,-" and "1800 euro" are amounts too.
  const written = field.value.replace(/[€\s]/g, "").replace(/,-$/, "").replace(/euros?$/i, "");
  const match = /^(\d{1,3}(?:\.\d{3})+|\d{1,6})(?:,(\d{1,2}))?$/.exec(written);
  // Cents round up to the next euro: an income just over a limit is never read as under it.
  const euros = match ? Number(match[1].replaceAll(".", "")) + (Number(match[2] ?? 0) > 0 ? 1 : 0) : null;
  // While an amount is being typed ("1.", "1.8") it is not yet an error; it is once the field is
  // left, or when it holds something that is no amount ("veel").
  const typing = document.activeElement === field && /^[\d.,]*$/.test(written);
  const bad = written !== "" && (euros === null || euros > 100000) && !typing;
  $("income-error").hidden = !bad;
  $("income-error").textContent = bad ? t("income_unreadable") : "";
  if (bad) field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
  incomeProblem = bad;
  return bad || euros === null ? null : euros;
}
let incomeProblem = false;

function showChildrenProblem(text) {
  childrenProblem = text;
  $("children-error").hidden = !text;
  $("children-error").textContent = text ?? "";
  if (text) $("children").setAttribute("aria-invalid", "true");
  else $("children").removeAttribute("aria-invalid");
}

/** The follow-up fields, by the situation's fact each answers, in the order the form shows them. */
const FOLLOW_UP_FIELDS = {
  mobility: "mobility", wlz_indication: "wlz", housemate_help: "housemate", housemate_wlz: "housemate-wlz",
  personal_care_guidance: "care-guidance", household_hours_per_week: "hours", aid: "aid", need_weeks: "weeks",
  // The page asks the income in euros: the engine lists it only where it can measure an amount.
  parents: "parents", net_income_per_month: "income", pgb_wish: "pgb",
};

function situation() {
  const asked = selectedNeeds();
  const household = $("household").value;
  const withChildren = asked.includes("parenting") || asked.includes("youth_help") || household === "family" || household === "single_parent";
  $("children-field").hidden = !withChildren;
  const children = withChildren ? childAges() : [];
  if (!withChildren) showChildrenProblem(null);
  const age = residentAge();
  const base = {
    reference_date: dutchToday(),
    age,
    household,
    ...(household === "with_partner" || household === "family" ? { partner_age: age } : {}),
    children,
    needs: asked,
  };
  // Only the questions that can still change the advice, as the engine measures them with the
  // chosen municipality's rules: the answers so far, then what the rules would read next.
  const matters = relevantFacts({ ...base, ...followUps() });
  for (const [fact, field] of Object.entries(FOLLOW_UP_FIELDS)) $(`${field}-field`).hidden = !matters.has(fact);
  return { ...base, ...followUps() };
}

/** The facts whose answer can change the advice for `answers`; none before the municipality's
 *  rules are in the engine (then the form asks only who the resident is and what they need). */
function relevantFacts(answers) {
  if (!engine || !chosen || childrenProblem || !aboutYou(answers) || answers.needs.length === 0 || !rulesLoaded.has(chosen.id)) return new Set();
  try {
    return new Set(engine.questions(chosen.id, answers).map((q) => q.fact));
  } catch {
    return new Set();
  }
}

/** Whether the resident has said what every advice depends on: their age, who they live with and,
 *  in a household with children, the children's ages. Nothing is filled in for them. */
function aboutYou(s) {
  const withChildren = s.household === "single_parent" || s.household === "family";
  return s.age !== null && s.household !== "" && !(withChildren && s.children.length === 0);
}

/** The answers in the follow-up fields that are shown; "Weet ik niet" sends nothing. */
function followUps() {
  const shown = (field) => !$(`${field}-field`).hidden;
  const answer = (field) => (shown(field) ? $(field).value : "");
  // Mobility and a Wlz indication are always sent, as "good" and "no" when not asked.
  const facts = { mobility: answer("mobility") || "none", wlz_indication: shown("wlz") && $("wlz").checked };
  if (answer("housemate") && answer("housemate") !== "unknown") facts.housemate_help = answer("housemate");
  if (shown("housemate-wlz") && $("housemate-wlz").checked) facts.housemate_wlz = true;
  if (shown("care-guidance") && $("care-guidance").checked) facts.personal_care_guidance = true;
  if (answer("hours")) facts.household_hours_per_week = Number(answer("hours"));
  if (answer("aid")) facts.aid = answer("aid");
  if (answer("weeks")) facts.need_weeks = Number(answer("weeks"));
  if (answer("parents")) facts.parents = answer("parents");
  const income = shown("income") ? incomeEuros() : null;
  if (income !== null) facts.net_income_per_month = income;
  if (answer("pgb")) facts.pgb_wish = answer("pgb");
  return facts;
}

// An amount as each language writes it: "€ 2,00" in Dutch, "€2.00" in English.
const euros = (cents) => (lang === "nl" ? `€ ${(cents / 100).toFixed(2).replace(".", ",")}` : `€${(cents / 100).toFixed(2)}`);
const perMonth = (cents) => `${euros(cents)} / ${lang === "nl" ? "maand" : "month"}`;
let amsterdam = null;
/** Today's date in the Netherlands, whose rules apply, whatever the device's clock says about
 *  its own zone: from midnight to 01:00 (02:00 in summer) UTC still gives yesterday. */
function dutchToday(now = new Date()) {
  // Made once: on a slow phone each new formatter with a time zone costs tens of milliseconds.
  amsterdam ??= new Intl.DateTimeFormat("en", { timeZone: "Europe/Amsterdam", year: "numeric", month: "2-digit", day: "2-digit" });
  const part = Object.fromEntries(amsterdam.formatToParts(now).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day}`;
}
const longDates = new Map(); // one formatter per language, made when first needed
function longDate(iso) {
  const locale = lang === "nl" ? "nl-NL" : "en-GB";
  if (!longDates.has(locale)) longDates.set(locale, new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }));
  return longDates.get(locale).format(new Date(`${iso}T00:00:00Z`));
}

function card(p, { costShared, words }) {
  const article = document.createElement("article");
  article.className = `advice advice--${p.route}`;
  const h = Object.assign(document.createElement("h4"), { className: "utrecht-heading-4", textContent: pick(p.name) });
  // What to do first, visible without opening anything.
  const next = Object.assign(document.createElement("p"), { className: "utrecht-paragraph next-step", textContent: pick(p.next_step) });
  const lines = [];
  if (p.access) lines.push(p.access.name);
  if (p.elsewhere && pick(p.elsewhere.description) !== pick(p.next_step)) lines.push(pick(p.elsewhere.description));
  if (p.free_sessions) lines.push(`${p.free_sessions} ${t("free_sessions")}`);
  if (p.cost.kind === "none") lines.push(t("free"));
  // Two cards showing € 21,80 must not read as € 43,60: the notice above states the amount once.
  if (p.cost.kind === "subscription_rate") lines.push(costShared ? t("cost_shared") : perMonth(p.cost.amount_cents));
  if (p.cost.kind === "unknown" && p.route === "decision_required") lines.push(t("cost_unknown"));
  // A price per hour, per ride, per meal …: "U betaalt € 2,00 per uur".
  if (p.cost.kind === "amount") lines.push(t("you_pay").replace("{amount}", euros(p.cost.amount_cents)).replace("{unit}", t(`per_${p.cost.unit}`)));
  if (p.cost.kind === "subscription_rate_not_yet_known") {
    const known = p.cost.last_known;
    lines.push(t("not_yet_known").replace("{year}", p.cost.year)
      + (known ? ` (${t("was").replace("{year}", known.year).replace("{amount}", perMonth(known.amount_cents))})` : ""));
  }
  for (const l of p.limits) lines.push(pick(l));
  if (p.decision) lines.push(t("weeks").replace("{n}", p.decision.term_weeks));
  if (p.route === "decision_required" && p.pgb_possible) lines.push(t("pgb"));
  const body = lines.map((l) => Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: l }));
  if (p.access) body.splice(1, 0, ...contact(p.access));
  if (p.assumptions.length) body.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph assumed", textContent: t("assumed") }));

  const pgb = p.decision?.pgb;
  if (pgb) {
    // The law's conditions of a personal budget, folded: a resident who wants one reads them.
    const conditions = document.createElement("details");
    conditions.append(Object.assign(document.createElement("summary"), { textContent: t("pgb_conditions") }));
    const list = Object.assign(document.createElement("ul"), { className: "utrecht-unordered-list" });
    for (const c of pgb.conditions) list.append(Object.assign(document.createElement("li"), { className: "utrecht-unordered-list__item", textContent: pick(c) }));
    conditions.append(list, Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: pick(pgb.may_refuse) }));
    body.push(conditions);
  }

  const why = document.createElement("details");
  // "You do not qualify" or "not in your municipality" alone leaves a resident with nothing: why,
  // and what instead, is the message, so it shows open.
  why.open = p.route === "not_offered";
  why.append(Object.assign(document.createElement("summary"), { textContent: t("why") }));
  for (const r of p.reasons) why.append(Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: pick(r.text) }));
  // The sources' ids ("(bron: hardenberg-hh)") are for rule authors, not residents.
  for (const b of p.legal_basis) why.append(basis(b));
  article.append(h, next, ...body, ...explained(words), why);
  return article;
}

/** A legal basis in words, with links to the sources it rests on instead of their ids. */
function basis(b) {
  const line = Object.assign(document.createElement("p"), { className: "utrecht-paragraph basis", textContent: b.citation.replace(/\s*\(([^)]*; )?bron: [^)]*\)/g, "") });
  for (const s of b.sources.filter((s) => s.url)) {
    const title = s.title.split(/ \(| - /)[0];
    line.append(" · ", Object.assign(document.createElement("a"), { className: "utrecht-link", href: s.url, rel: "noopener", textContent: `${t("source")}: ${title}` }));
  }
  return line;
}

/** The words a resident may not know, explained where they are first used. */
function explained(words) {
  if (!words.length) return [];
  const list = Object.assign(document.createElement("dl"), { className: "terms" });
  for (const w of words) {
    list.append(Object.assign(document.createElement("dt"), { textContent: pick(w.term) }),
      Object.assign(document.createElement("dd"), { textContent: pick(w.explanation) }));
  }
  return [list];
}

/** The question as the resident gave it, on top of the advice: on paper and in the saved file
 *  it tells the municipality who asks what, so the story is told once. */
function summary(s, advice) {
  const rows = [
    [t("summary_municipality"), advice.municipality.name],
    [t("summary_date"), longDate(s.reference_date)],
    [t("summary_age"), String(s.age)],
    [t("summary_household"), t(s.household)],
  ];
  if (s.children.length) rows.push([t("summary_children"), s.children.map((c) => c.age).join(", ")]);
  if (s.mobility !== "none") rows.push([t("summary_mobility"), t(s.mobility)]);
  if (s.wlz_indication) rows.push([t("summary_wlz"), t("yes")]);
  // Each follow-up answer in the words of the question's own option.
  const option = (select, value) => $(select).querySelector(`option[value="${value}"]`)?.textContent ?? value;
  if (s.housemate_help) rows.push([t("summary_housemate"), option("housemate", s.housemate_help)]);
  if (s.housemate_wlz) rows.push([t("housemate_wlz"), t("yes")]);
  if (s.household_hours_per_week) rows.push([t("summary_hours"), option("hours", s.household_hours_per_week)]);
  if (s.aid) rows.push([t("summary_aid"), option("aid", s.aid)]);
  if (s.need_weeks) rows.push([t("summary_weeks"), option("weeks", s.need_weeks)]);
  if (s.parents) rows.push([t("summary_parents"), option("parents", s.parents)]);
  if (s.pgb_wish) rows.push([t("summary_pgb"), option("pgb", s.pgb_wish)]);
  if (s.personal_care_guidance) rows.push([t("care_guidance"), t("yes")]);
  if (s.net_income_per_month !== undefined) {
    const income = s.net_income_per_month.toLocaleString(lang === "nl" ? "nl-NL" : "en-GB");
    rows.push([t("summary_income"), `${lang === "nl" ? "€ " : "€"}${income} ${t("per_month")}`]);
  }
  rows.push([t("summary_needs"), s.needs.map((id) => pick(needs.find((n) => n.id === id).name)).join(", ")]);
  const section = Object.assign(document.createElement("section"), { className: "summary", id: "summary" });
  section.append(Object.assign(document.createElement("h3"), { className: "utrecht-heading-3", textContent: t("summary") }));
  const list = document.createElement("dl");
  for (const [term, value] of rows) list.append(Object.assign(document.createElement("dt"), { textContent: term }), Object.assign(document.createElement("dd"), { textContent: value }));
  section.append(list);
  return section;
}

/** The steps of a decision, once per group rather than on every card: the same six steps on
 *  three cards read as eighteen. Provisions under another law (youth help) get their own list. */
function procedures(items) {
  const byProcedure = new Map();
  for (const p of items.filter((p) => p.decision)) {
    const key = JSON.stringify(p.decision.steps);
    if (!byProcedure.has(key)) byProcedure.set(key, { steps: p.decision.steps, names: [] });
    byProcedure.get(key).names.push(pick(p.name));
  }
  return [...byProcedure.values()].flatMap(({ steps, names }) => {
    const label = byProcedure.size > 1 ? t("steps_for").replace("{names}", names.join(", ")) : t("steps");
    const list = Object.assign(document.createElement("ol"), { className: "utrecht-ordered-list steps" });
    for (const step of steps) {
      list.append(Object.assign(document.createElement("li"), { textContent: pick(step.text) + (step.within ? ` (${pick(step.within)})` : "") }));
    }
    return [Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: label }), list];
  });
}

/** The door's phone (tap to call), website and email, as links. */
function contact(access) {
  const link = (href, text) => {
    const a = Object.assign(document.createElement("a"), { className: "utrecht-link", href, textContent: text });
    if (href.startsWith("http")) a.rel = "noopener";
    return a;
  };
  const links = [];
  if (access.phone) links.push(link(`tel:${access.phone.replace(/[^+\d]/g, "")}`, t("call").replace("{phone}", access.phone)));
  if (access.web) links.push(link(access.web, t("website")));
  if (access.email) links.push(link(`mailto:${access.email}`, `${t("mail")}: ${access.email}`));
  if (!links.length) return [];
  const p = Object.assign(document.createElement("p"), { className: "utrecht-paragraph contact" });
  links.forEach((l, i) => p.append(...(i ? [" · ", l] : [l])));
  return [p];
}

let last = null; // the situation and advice on screen, for printing and saving

/** Draws the advice for what the form says now. The field the resident is in stays where it was on
 *  the screen: the line "Naar uw advies" appears above the fields below the needs, and at the top
 *  of a page the browser's own scroll anchoring does not apply, so a phone would push the field
 *  being answered out of sight. */
function render() {
  const focused = document.activeElement !== document.body ? document.activeElement : null;
  const top = focused?.getBoundingClientRect().top;
  draw();
  if (focused?.isConnected && top >= 0 && top < window.innerHeight) {
    const moved = focused.getBoundingClientRect().top - top;
    if (moved) window.scrollBy(0, moved);
  }
}

/** When the engine could not be loaded: what to do, and the chosen municipality's own door from
 *  the national table when it knows one. */
function engineFailedMessage() {
  const parts = [Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: t("engine_failed") })];
  const door = chosen && provisional.find((m) => m.cbs_code === chosen.code);
  const links = door ? contact(door) : [];
  if (links.length) parts.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: t("engine_failed_ask").replace("{name}", chosen.name) }), ...links);
  $("results").replaceChildren(...parts);
  announce(t("engine_failed"));
}

function draw() {
  performance.mark("advise-start");
  const results = $("results");
  const s = situation();
  last = null;
  $("story").hidden = true;
  $("story-note").hidden = true;
  $("to-advice-line").hidden = true;
  const message = (key) => {
    results.replaceChildren(Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: t(key) }));
    announce(t(key));
  };
  if (!engine) return engineFailed ? engineFailedMessage() : message("engine_loading");
  if (!chosen) return message("choose_first");
  if (s.needs.length === 0) return message("pick_need");
  if (ageProblem) return message("fix_age");
  if (childrenProblem) return message("fix_children");
  if (incomeProblem && !$("income-field").hidden) return message("fix_income");
  if (!aboutYou(s)) return message(s.age !== null && s.household !== "" ? "children_first" : "about_you_first");
  // Whether an adult at home can do the household decides household help (gebruikelijke hulp):
  // asked like age and household, not answered for the resident. "Weet ik niet" is an answer.
  if (!$("housemate-field").hidden && $("housemate").value === "") return message("housemate_first");
  if (!rulesReady()) {
    const text = t("rules_loading").replace("{name}", chosen.name);
    announce(text);
    return results.replaceChildren(Object.assign(document.createElement("p"), { className: "utrecht-paragraph rules-loading", textContent: text }));
  }
  let advice;
  try {
    advice = engine.advise(chosen.id, s);
  } catch (e) {
    results.replaceChildren(Object.assign(document.createElement("p"), { className: "utrecht-alert utrecht-alert--error", textContent: e.message }));
    return;
  }
  // The decisions' group explains "beschikking" above its steps, where the word is first used.
  const words = engine.terms(chosen.id, s).filter((w) => w.term.nl !== "beschikking");
  const wordsIn = (provision) => words.filter((w) => (w.first_in ?? null) === provision);
  const costShared = advice.notices.some((n) => n.code === "subscription_rate_once_per_household");
  const unavailable = advice.notices.find((n) => n.code === "rules_unavailable");
  const groups = ["open_access", "decision_required", "elsewhere", "not_eligible", "not_offered"].map((route) => {
    const items = advice.provisions.filter((p) => groupOf(p) === route);
    if (!items.length) return null;
    const section = document.createElement("section");
    section.className = `group group--${route}`;
    section.append(Object.assign(document.createElement("h3"), { className: "utrecht-heading-3", textContent: t(route) }));
    if (route === "decision_required") {
      section.append(Object.assign(document.createElement("p"), { className: "utrecht-paragraph", textContent: t("beschikking") }));
      section.append(...procedures(items));
    }
    section.append(...items.map((p) => card(p, { costShared, words: wordsIn(p.provision) })));
    return section;
  }).filter(Boolean);
  // What holds for the advice as a whole comes first: rules beyond their checked period, only the
  // national frame, an amount not yet known.
  if (advice.notices.length) {
    const notices = Object.assign(document.createElement("div"), { className: "notices", role: "note" });
    // A notice's text may come in paragraphs, a blank line apart.
    notices.append(...advice.notices.flatMap((n) => pick(n.text).split("\n\n").map((text) =>
      Object.assign(document.createElement("p"), { className: `utrecht-paragraph notice notice--${n.code}`, textContent: text }))));
    // The municipality's rules could not be had: said as a warning, with a way to try again here.
    if (unavailable) {
      notices.classList.add("notices--warning");
      notices.querySelector(".notice--rules_unavailable").after(retryRulesButton());
    }
    // Under the national frame the municipality's own door is the next step: tap to call.
    if (advice.coverage === "national_frame" && advice.municipality.contact) notices.append(...contact(advice.municipality.contact));
    groups.unshift(notices);
  }
  for (const u of advice.unmet_needs) {
    groups.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph unmet", textContent: `${t("unmet")}: ${pick(u.text)}` }));
  }
  groups.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph client-support", textContent: pick(advice.client_support.text) }));
  if (advice.client_support.access) groups.push(...contact(advice.client_support.access));
  groups.push(...explained(wordsIn(null)));
  groups.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph disclaimer", textContent: pick(advice.disclaimer) }));
  if (advice.validity.checked_on) {
    // Under the national frame the date is the national rules', not the municipality's.
    const checked = advice.coverage === "national_frame" ? "checked_on_national" : "checked_on";
    groups.push(Object.assign(document.createElement("p"), { className: "utrecht-paragraph checked-on", textContent: t(checked).replace("{date}", longDate(advice.validity.checked_on)) }));
  }
  groups.unshift(summary(s, advice));
  results.replaceChildren(...groups);
  last = { situation: s, advice };
  $("story").hidden = false;
  $("story-note").hidden = false;
  // Right under the needs, where the resident is: something changes when a need is ticked, and a
  // link leads to the advice further down (on a phone it starts well below the fold).
  // Every advice changes the line, also one without a provision (what holds everywhere, a need
  // the municipality decides on): the resident sees that something happened.
  const n = advice.provisions.length;
  $("to-advice").textContent = n === 0 ? t("to_advice_none") : n === 1 ? t("to_advice_one") : t("to_advice").replace("{n}", n);
  $("to-advice-line").hidden = false;
  // A screen reader hears first that the municipality's rules are missing, as the page shows it.
  announce(unavailable ? pick(unavailable.text) : n === 0 ? t("announce_none") : announcement(advice.provisions));
  performance.measure("advise", "advise-start");
}

/** "Probeer de regels opnieuw te laden": fetches the chosen municipality's rules once more, and
 *  keeps the keyboard where the advice is drawn again (the button itself is redrawn). */
function retryRulesButton() {
  const button = Object.assign(document.createElement("button"), {
    type: "button", className: "utrecht-button utrecht-button--secondary-action retry-rules", textContent: t("retry_rules"),
  });
  button.addEventListener("click", () => {
    setChosen(chosen); // chosen again: rules that could not be had are tried once more
    render();
    $("results-title").focus();
  });
  return button;
}

/** Tells a screen reader what changed in one short sentence (the region is `role="status"`);
 *  the same sentence twice is said once. */
function announce(text) {
  if ($("announce").textContent !== text) $("announce").textContent = text;
}

/** The group a card is shown in. A refusal is headed as what it is: the resident does not qualify
 *  now (the municipality has the help), or the municipality does not offer it at all; the core
 *  says which. */
const groupOf = (p) => (p.refusal === "not_eligible" ? "not_eligible" : p.route);

/** "3 mogelijkheden: 1 direct, 2 met een besluit.": the advice counted by what the resident can do. */
function announcement(provisions) {
  const count = (...groups) => provisions.filter((p) => groups.includes(groupOf(p))).length;
  const parts = [
    ["announce_open_access", count("open_access")],
    ["announce_decision_required", count("decision_required")],
    ["announce_elsewhere", count("elsewhere")],
    ["announce_refused", count("not_eligible", "not_offered")],
  ].filter(([, k]) => k > 0).map(([key, k]) => t(key).replace("{k}", k));
  const n = provisions.length;
  return (n === 1 ? t("announce_one") : t("announce")).replace("{n}", n).replace("{parts}", parts.join(", "));
}

// The municipality the resident chose ({ id, name, code }). Only a click on a result (or Enter on
// the best one) changes it: typing never replaces a choice silently.
let chosen = null;
let hits = [];
// What was typed when Enter was pressed before there was any list to choose from (the table and
// the engine still on their way): its best match is chosen as soon as there is one.
let pendingEnter = null;
// The national table could not be fetched: only the engine's own municipalities can be found.
let tableMissing = false;

function showChoice(query = "") {
  const status = [];
  if (query && tableMissing && hits.length === 0) status.push(t("list_failed"));
  else if (query && !engine && !provisional.length) status.push(pendingEnter === query ? t("list_loading_enter").replace("{q}", query) : t("list_loading"));
  else if (query && hits.length === 0) status.push(t(looksLikePostcode(query) ? "no_postcode" : "no_match").replace("{q}", query));
  if (chosen) status.push((query && hits.length === 0 ? t("kept") : t("chosen")).replace("{name}", chosen.name));
  $("municipality-chosen").textContent = status.join(" ");
}

/** "8011", "8011 AB": a postcode, which the page cannot place: no open table from postcode to
 *  municipality is bundled, so the resident is asked for the place instead. */
const looksLikePostcode = (query) => /^[1-9]\d{3}\s?([a-z]{2})?$/i.test(query);

function hitLabel(hit) {
  const name = hit.province ? `${hit.name}, ${hit.province}` : hit.name;
  if (hit.place && hit.former_since) return t("former_in").replace("{place}", hit.place).replace("{name}", name).replace("{date}", longDate(hit.former_since));
  return hit.place && hit.place !== hit.name ? t("place_in").replace("{place}", hit.place).replace("{name}", name) : name;
}

function choose(hit) {
  setChosen({ id: hit.id, name: hit.name, code: hit.cbs_code });
  hits = [];
  pendingEnter = null;
  // The choice stands in the field itself, where the resident looks for it; a result chosen by
  // keyboard goes with the list, so the keyboard goes back to that field, not to the page's top.
  const fromList = $("municipality-results").contains(document.activeElement);
  $("municipality-search").value = hit.name;
  $("municipality-results").replaceChildren();
  if (fromList) $("municipality-search").focus();
  showChoice();
  render();
}

/** Makes `municipality` the chosen one and starts on its rules: their file is fetched at once,
 *  while the engine may still be compiling, and loaded into the engine as soon as it is there.
 *  `body[data-chosen]` and `body[data-rules]` say which is chosen and whose rules are in. */
function setChosen(municipality) {
  chosen = municipality;
  document.body.dataset.chosen = chosen.id;
  const code = chosen.code;
  if (code) data.then((d) => d.prefetchRuleSets(code), () => {});
  // Chosen again after its rules could not be fetched: they are tried once more.
  const retry = rulesMissing.delete(chosen.id);
  if (retry) rulesLoaded.delete(chosen.id);
  if (!rulesLoaded.has(chosen.id)) delete document.body.dataset.rules;
  if (engine) loadRules(chosen.id, retry);
}

// The municipalities whose rules are in the engine (or were found unavailable, which the advice
// then says): each is loaded once.
const rulesLoaded = new Set();
// Those whose rules could not be had: choosing one again tries once more.
const rulesMissing = new Set();

// Those on their way into the engine: the advice is shown again once when they are in, however
// often they were asked for meanwhile (each rebuild costs a slow phone a tenth of a second).
const rulesComing = new Set();

/** Loads a municipality's rules into the engine, then shows the advice again; `retry`: once more
 *  after they could not be fetched. */
function loadRules(id, retry = false) {
  if (!retry && (rulesLoaded.has(id) || engine.ruleSetFiles(id).files.length === 0)) {
    rulesIn(id);
    return;
  }
  if (rulesComing.has(id)) return;
  rulesComing.add(id);
  const done = (result) => {
    rulesComing.delete(id);
    if (result?.unavailable) rulesMissing.add(id);
    rulesIn(id);
    if (chosen?.id === id) render();
  };
  engine.loadMunicipality(id, { retry }).then(done, done);
}

function rulesIn(id) {
  rulesLoaded.add(id);
  if (chosen?.id === id) document.body.dataset.rules = id;
}

/** Whether the chosen municipality's rules are in the engine; if not, they are on their way. */
function rulesReady() {
  if (rulesLoaded.has(chosen.id)) return true;
  loadRules(chosen.id);
  return rulesLoaded.has(chosen.id);
}

// Before the engine has arrived, the search runs on the national table (municipalities.tsv): the
// same names, other names, places and CBS codes, more simply ranked. Once it is there, the
// engine's own search takes over and a municipality chosen meanwhile is kept.
let provisional = [];
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");

/** The national table as the search's before the engine has arrived; a `?gemeente=` preset
 *  found in it is chosen, so its rule set is fetched while the engine still loads. */
function readProvisional(tsv) {
  if (!tsv) {
    tableMissing = true;
    showChoice($("municipality-search").value.trim());
    return;
  }
  provisional = readTable(tsv);
  const preset = new URLSearchParams(location.search).get("gemeente");
  const [hit] = preset && !chosen ? provisionalHits(preset, 1) : [];
  if (hit) {
    setChosen({ id: hit.id, name: hit.name, code: hit.cbs_code });
    if (!$("municipality-search").value) $("municipality-search").value = hit.name;
  }
  // What was typed while the table was on its way is searched now.
  if (!engine) {
    search();
    render();
  }
}

function readTable(tsv) {
  const today = dutchToday();
  const rows = tsv.trim().split("\n").slice(1).map((row) => row.split("\t"));
  return rows
    .filter(([, , , , , from, to]) => (!from || from <= today) && (!to || to >= today))
    .map(([code, name, province, otherNames = "", places = "", , , phone = "", web = "", , , formerly = ""]) => {
      // A former municipality ("Langedijk@2022-01-01") is found as a place, with the day it changed.
      const former = formerly.split(";").filter(Boolean).map((f) => f.split("@"));
      const all = [...places.split(";").filter(Boolean), ...former.map(([n]) => n)];
      return {
        id: code, cbs_code: code, name, province, has_rule_set: false, place: null, former_since: null, phone, web,
        keys: [name, ...otherNames.split(";")].filter(Boolean).map(fold),
        places: [...new Set(all)].map((place) => [place, fold(place)]),
        realPlaces: new Set(places.split(";").filter(Boolean).map(fold)),
        formerly: Object.fromEntries(former),
      };
    });
}

/** The national table searched as the engine will search it, until it is there: a code, then an
 *  exact name, an exact place, a name that starts so, a place that starts so, a word inside a name
 *  (the core's order, `registry/directory.rs`). */
function provisionalHits(query, limit) {
  const q = fold(query);
  if (!q) return [];
  const code = /^(gm)?\d{4}$/.test(q) ? `GM${q.slice(-4)}` : null;
  const found = [];
  for (const m of provisional) {
    const exactPlace = m.places.find(([, key]) => key === q);
    const place = exactPlace ?? (q.length >= 3 ? m.places.find(([, key]) => key.startsWith(q)) : undefined);
    // A former municipality that is not also a place ranks after the places (the village Haaren is
    // in Oisterwijk, though the former municipality went to four).
    const formerOnly = exactPlace && m.formerly[exactPlace[0]] && !m.realPlaces.has(exactPlace[1]);
    const rank = m.cbs_code === code ? 0
      : m.keys.includes(q) ? 1
      : exactPlace ? (formerOnly ? 2.5 : 2)
      : m.keys.some((k) => k.startsWith(q)) ? 3
      : place ? 4
      : m.keys.some((k) => k.includes(q)) ? 5 : null;
    const byPlace = rank === 2 || rank === 2.5 || rank === 4;
    if (rank !== null) found.push([rank, { ...m, place: byPlace ? place[0] : null, former_since: byPlace ? m.formerly[place[0]] ?? null : null }]);
  }
  return found.sort((a, b) => a[0] - b[0]).slice(0, limit).map(([, hit]) => hit);
}

function search() {
  const query = $("municipality-search").value.trim();
  // The field shows the chosen municipality's name: nothing to search for.
  if (chosen && query === chosen.name) {
    hits = [];
    $("municipality-results").replaceChildren();
    return showChoice();
  }
  hits = !query ? [] : engine ? engine.findMunicipalities(query, 8) : provisionalHits(query, 8);
  if (pendingEnter !== null && pendingEnter === query && hits.length) return choose(hits[0]);
  if (pendingEnter !== null && (pendingEnter !== query || engine)) pendingEnter = null;
  // Nothing found: the core's close matches, asked as a question ("zwole": Bedoelt u Zwolle?).
  // Not without the national table: the closest of the few the engine knows is no one's town.
  const suggested = query && engine && !tableMissing && !hits.length && !looksLikePostcode(query) ? engine.suggestMunicipalities(query) : [];
  const label = (hit) => (hits.length ? hitLabel(hit) : t("did_you_mean").replace("{name}", hitLabel(hit)));
  $("municipality-results").replaceChildren(...[...hits, ...suggested].map((hit) => {
    const button = Object.assign(document.createElement("button"), {
      type: "button", className: "utrecht-button utrecht-button--subtle", textContent: label(hit),
    });
    button.dataset.municipality = hit.id;
    button.addEventListener("click", () => choose(hit));
    const item = document.createElement("li");
    item.append(button);
    return item;
  }));
  showChoice(query);
}

let engineFailed = false;

async function start() {
  $("municipality-search").addEventListener("input", (e) => { e.stopPropagation(); search(); });
  $("municipality-search").addEventListener("change", (e) => e.stopPropagation());
  $("municipality-search").addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const query = $("municipality-search").value.trim();
    if (hits.length) {
      e.preventDefault();
      choose(hits[0]);
    } else if (query && !engine && !engineFailed && !provisional.length) {
      // Nothing to choose from yet: the best match is chosen when the list is there.
      e.preventDefault();
      pendingEnter = query;
      showChoice(query);
    }
  });
  // The language works from the first moment the page's script runs, before the needs are in.
  $("language").addEventListener("click", () => { lang = lang === "nl" ? "en" : "nl"; translate(); search(); render(); });
  // The needs come as a small file next to the page, so the questions show before the engine;
  // without that file they come with the engine.
  // The table comes in beside them, and the form does not wait for it.
  const table = data.then((d) => d.municipalityTable(), () => null).then(readProvisional);
  needs = await fetch("needs.json").then((r) => (r.ok ? r.json() : []), () => []);
  translate();
  // Once per change: a select or checkbox fires both `input` and `change`, and each rebuild is
  // work a slow phone and a screen reader notice.
  $("situation").addEventListener("input", render);
  // An amount half typed is said to be wrong only once the field is left.
  $("income").addEventListener("change", render);
  $("situation").addEventListener("submit", (e) => e.preventDefault());
  $("print").addEventListener("click", () => window.print());
  // On paper every "Waarom?" is open: the reasons are part of the story told once.
  let closed = [];
  window.addEventListener("beforeprint", () => {
    closed = [...document.querySelectorAll("#results details:not([open])")];
    for (const d of closed) d.open = true;
  });
  window.addEventListener("afterprint", () => { for (const d of closed) d.open = false; });
  $("download").addEventListener("click", save);
  $("download-json").addEventListener("click", saveJson);
  // A second theme shows how a municipality restyles the page: ?thema=voorbeeldgemeente
  if (new URLSearchParams(location.search).get("thema") === "voorbeeldgemeente") $("theme-voorbeeld").disabled = false;
  search();
  render();
  // The questions can be answered from here on (the slow-phone benchmark times this).
  document.body.dataset.form = "ready";
  try {
    engine = await engineLoading;
  } catch {
    engineFailed = true;
    render();
    return;
  }
  if (!needs.length) {
    needs = engine.needs();
    renderNeeds();
  }
  // A municipal site that copies the page names its own municipality: ?gemeente=GM0160 or a name.
  // One the table did not know (a rule set's own id, say) is the engine's to find.
  await table;
  const preset = new URLSearchParams(location.search).get("gemeente");
  if (preset && !chosen) {
    const [hit] = engine.findMunicipalities(preset, 1);
    if (hit) setChosen({ id: hit.id, name: hit.name, code: hit.cbs_code });
    if (hit && !$("municipality-search").value) $("municipality-search").value = hit.name;
  }
  // A choice made from the national table is now the engine's (its id, its name for it).
  if (chosen) {
    const [hit] = chosen.id === chosen.code ? engine.findMunicipalities(chosen.code, 1) : [chosen];
    const shown = $("municipality-search").value === chosen.name;
    setChosen(hit?.cbs_code ? { id: hit.id, name: hit.name, code: hit.cbs_code } : chosen);
    if (shown) $("municipality-search").value = chosen.name;
  }
  search();
  render();
  document.body.dataset.ready = "true";
}

/// Saves the question and the advice as one HTML file a resident can open and read. The record
/// a case system needs (the situation it can send to toegang, and the advice) is inside it as JSON.
function record() {
  const { situation, advice } = last;
  return { created: new Date().toISOString(), municipality: advice.municipality, rule_set: advice.rule_set, situation, advice };
}

function offer(text, type, name) {
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** The record alone, as JSON, for a case system: `situation` is what it sends to toegang. */
function saveJson() {
  if (!last) return;
  offer(`${JSON.stringify(record(), null, 2)}\n`, "application/json", `toegang-${last.advice.municipality.id}-${last.situation.reference_date}.json`);
}

function save() {
  if (!last) return;
  const { situation, advice } = last;
  const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const title = t("saved_title").replace("{name}", advice.municipality.name).replace("{date}", longDate(situation.reference_date));
  const content = $("results").cloneNode(true);
  for (const d of content.querySelectorAll("details")) d.open = true;
  const html = `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:45rem;margin:auto;padding:1rem;line-height:1.5}
.advice{border:2px solid #767676;border-radius:4px;padding:.5rem 1rem;margin:.75rem 0}dt{font-weight:bold}</style></head>
<body><h1>${escape(title)}</h1>
${content.innerHTML}
<script type="application/json" id="toegang-record">${JSON.stringify(record()).replace(/</g, "\\u003c")}</script>
</body></html>
`;
  offer(html, "text/html", `toegang-${advice.municipality.id}-${situation.reference_date}.html`);
}

start();
