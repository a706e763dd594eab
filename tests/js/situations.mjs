// A fixed, varied set of situations for the parity test: every need, with age bands, household
// types, incomes, mobility and the Wlz flag combined systematically (no randomness).
const NEEDS = [
  "household_tasks", "personal_care", "home_adaptation", "wheelchair", "getting_around_outdoors",
  "transport", "daytime_activities", "individual_guidance", "parenting", "youth_help",
  "money_and_debts", "administration", "loneliness", "respite_care", "carer_support", "meals",
  "sheltered_living", "personal_problems", "shelter",
];
const PEOPLE = [
  { age: 8, household: "other", household_size: 3 },
  { age: 17, household: "other", household_size: 4 },
  { age: 23, income_percent: 95, urgent: true },
  { age: 38, household: "family", partner_age: 40, children: [{ age: 8 }, { age: 15 }] },
  { age: 44, household: "single_parent", children: [{ age: 3 }], income_percent: 105 },
  { age: 66, household: "with_partner", partner_age: 60, is_informal_carer: true },
  { age: 75, mobility: "walks_with_difficulty", income_percent: 140 },
  { age: 82, mobility: "wheelchair_user", has_informal_carer: true },
  { age: 84, wlz_indication: true },
  { age: 88, wlz_indication: true, living: "institution", mobility: "wheelchair_user" },
  { age: 70, household: "with_partner", partner_age: 71, income_percent: 125 },
];

export function situations() {
  const out = [];
  PEOPLE.forEach((person, p) => {
    NEEDS.forEach((need, n) => {
      const second = NEEDS[(n + p + 3) % NEEDS.length];
      const needs = (n + p) % 3 === 0 ? [need, second] : [need];
      out.push({ reference_date: p % 2 ? "2025-09-15" : "2026-03-01", ...person, needs });
    });
  });
  return out;
}
