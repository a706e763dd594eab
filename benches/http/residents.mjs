// What the HTTP benchmarks send: 500 varied residents of the seeded population (`toegang
// population`), asked in turn, one per request.
import { spawnSync } from "node:child_process";

/** The situations, one JSON text each, from the release build. */
export function residents(bin = "target/release/toegang") {
  return spawnSync(bin, ["population", "--size", "500", "--seed", "1"], { encoding: "utf8" }).stdout.trim().split("\n");
}

/** An autocannon `setupClient` that sends the next resident after each answer. */
export function inTurn(population) {
  let next = 0;
  return (client) => {
    client.setBody(population[0]);
    client.on("response", () => {
      next = (next + 1) % population.length;
      client.setBody(population[next]);
    });
  };
}
