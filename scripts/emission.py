#!/usr/bin/env python3
"""Projects the issuance of both stone pools over the years and draws it.

    python3 scripts/emission.py                    # prints the projection
    python3 scripts/emission.py --png docs/emission.png   # and draws it (needs matplotlib:
                                                          # Debian's python3-matplotlib)

Mileage mining (210,000,000 stones) follows the chain's rule (pallets/mileage-mining/README.md,
"Release of period b"): every 10-minute period releases its scheduled reward (500 stones,
halving every 210,384 periods = 4 years) plus ceil(backlog / 4,320) of the rewards earlier
periods could not release, within what the pool can still pay. The fleet decides only which
periods have mileage: with any car reporting, a period's reward is shared among the cars and
the pool's issuance does not depend on how many cars or kilometres there are. The projection
assumes the stated fleet starts reporting `--launch-days` after genesis.

Cultivation (90,000,000 stones) is issued only by mine boxes opened by certified owners. At the
genesis presets' box types (runtime/src/genesis_config_presets.rs, `box_types`), only the
"Starter box" holds stones: 10 stones at 10%, 100 stones at 4% (rare), pity after 30 misses of
a rare, at most 200 boxes a day over all accounts. The projection assumes every box of the daily
supply is bought and opened by an owner (`--boxes-per-day`, at most the supply).

The constants below are the runtime's; runtime/tests/runtime/docs.rs checks that they are.
"""

import argparse
import math

STONE = 1_000_000_000_000
MILEAGE_MINING_CAP = 210_000_000
CULTIVATION_CAP = 90_000_000
PERIOD_MINUTES = 10
INITIAL_PERIOD_REWARD = 500
HALVING_PERIOD = 210_384
CATCH_UP_PERIODS = 4_320
STARTER_BOX_DAILY_SUPPLY = 200
STARTER_BOX_PITY = 30
# (stones, probability in ppm, rare) of the Starter box's stones entries; its other entries
# (rights, crystals) hold no stones.
STARTER_BOX_STONES = [(10, 100_000, False), (100, 40_000, True)]
STARTER_BOX_RARE_PPM = 40_000 + 10_000  # the 100-stone entry and the lidar voucher

PERIODS_PER_DAY = 24 * 60 // PERIOD_MINUTES
DAYS_PER_YEAR = 365.25


def period_reward(period):
    """The scheduled reward of a period, in grains."""
    return (INITIAL_PERIOD_REWARD * STONE) >> (period // HALVING_PERIOD)


def mining(launch_days, years):
    """Cumulative mileage-mining issuance (stones) at the end of each day, and the period in
    which the pool completes (None if it does not within `years`)."""
    cap = MILEAGE_MINING_CAP * STONE
    launch = int(launch_days * PERIODS_PER_DAY)
    released = 0
    scheduled = 0
    per_day = []
    completed = None
    for period in range(int(years * DAYS_PER_YEAR * PERIODS_PER_DAY)):
        available = cap - released
        backlog = min(scheduled - released, available)
        reward = min(period_reward(period) + -(-backlog // CATCH_UP_PERIODS), available)
        if period >= launch:
            released += reward
        scheduled += period_reward(period)
        if completed is None and released == cap:
            completed = period
        if (period + 1) % PERIODS_PER_DAY == 0:
            per_day.append(released / STONE)
    return per_day, completed


def starter_box_stones_per_box():
    """Expected stones an owner receives per Starter box, pity included: a rare comes at
    least every `pity + 1` draws, so draws per rare are E[min(G, pity + 1)] for G geometric."""
    p = STARTER_BOX_RARE_PPM / 1e6
    q = 1 - p
    draws_per_rare = (1 - q ** (STARTER_BOX_PITY + 1)) / p
    pity_draws_per_rare = q**STARTER_BOX_PITY
    ordinary_draws = draws_per_rare - pity_draws_per_rare
    ordinary_stones = sum(s * ppm / 1e6 for s, ppm, rare in STARTER_BOX_STONES if not rare)
    # A rare draw (ordinary or pity) picks among the rare entries by their odds.
    rare_stones = sum(s * ppm for s, ppm, rare in STARTER_BOX_STONES if rare) / STARTER_BOX_RARE_PPM
    return (ordinary_draws * ordinary_stones + rare_stones) / draws_per_rare


def cultivation(boxes_per_day, years):
    per_box = starter_box_stones_per_box()
    per_day = min(boxes_per_day, STARTER_BOX_DAILY_SUPPLY) * per_box
    days = int(years * DAYS_PER_YEAR)
    issued = [min(CULTIVATION_CAP, per_day * (d + 1)) for d in range(days)]
    completes_in_years = CULTIVATION_CAP / per_day / DAYS_PER_YEAR if per_day else math.inf
    return issued, per_box, per_day, completes_in_years


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cars", type=int, default=100_000, help="cars reporting (stated fleet)")
    parser.add_argument("--km-per-day", type=float, default=40, help="km a car drives a day")
    parser.add_argument("--launch-days", type=float, default=7, help="days before cars report")
    parser.add_argument("--boxes-per-day", type=int, default=STARTER_BOX_DAILY_SUPPLY)
    parser.add_argument("--mining-years", type=float, default=44)
    parser.add_argument("--png", help="draw the projection to this PNG (needs matplotlib)")
    args = parser.parse_args()

    mined, completed = mining(args.launch_days, args.mining_years)
    mined_years = completed / PERIODS_PER_DAY / DAYS_PER_YEAR if completed is not None else None
    per_box = starter_box_stones_per_box()
    cult_per_day = min(args.boxes_per_day, STARTER_BOX_DAILY_SUPPLY) * per_box
    cult_years = CULTIVATION_CAP / cult_per_day / DAYS_PER_YEAR if cult_per_day else math.inf
    horizon = min(max(cult_years * 1.05, 50), 400)
    cultivated, _, _, _ = cultivation(args.boxes_per_day, horizon)

    km_per_period = args.cars * args.km_per_day / PERIODS_PER_DAY
    print(f"fleet: {args.cars:,} cars x {args.km_per_day:g} km/day, reporting from day "
          f"{args.launch_days:g}; {km_per_period:,.0f} km per 10-minute period share its reward")
    for year in (1, 4, 8, 12, 20, 40):
        if year * DAYS_PER_YEAR <= len(mined):
            day = int(year * DAYS_PER_YEAR) - 1
            print(f"year {year:>2}: mileage mining {mined[day]:>14,.0f} stones "
                  f"({mined[day] / MILEAGE_MINING_CAP:6.2%}); cultivation "
                  f"{cultivated[day]:>12,.0f} ({cultivated[day] / CULTIVATION_CAP:6.2%})")
    if mined_years is None:
        print(f"mileage mining: not complete within {args.mining_years:g} years")
    else:
        print(f"mileage mining: 210,000,000 stones issued exactly, in year {math.ceil(mined_years)} "
              f"({mined_years:.2f} years)")
    print(f"cultivation: {per_box:.3f} stones per Starter box (pity included), "
          f"{cult_per_day:,.0f} stones/day at {min(args.boxes_per_day, STARTER_BOX_DAILY_SUPPLY)} "
          f"boxes/day: 90,000,000 stones take {cult_years:,.0f} years")

    if args.png:
        draw(args, mined, mined_years, cultivated, cult_years)


def draw(args, mined, mined_years, cultivated, cult_years):
    try:
        import matplotlib
    except ImportError:
        raise SystemExit(
            "emission.py: drawing needs matplotlib: apt-get install python3-matplotlib (then run "
            "/usr/bin/python3 scripts/emission.py), or pip install matplotlib"
        )

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (near, far) = plt.subplots(1, 2, figsize=(12, 4.8), dpi=100)
    near_span = len(mined)
    if mined_years is not None:
        # Complete: the pool stays at its cap.
        mined = mined + [mined[-1]] * max(0, len(cultivated) - len(mined))
    years = [(d + 1) / DAYS_PER_YEAR for d in range(len(mined))]
    for ax, span in ((near, near_span), (far, len(cultivated))):
        ax.plot(years[:span], [m / 1e6 for m in mined[:span]], label="mileage mining (cap 210M)")
        cyears = [(d + 1) / DAYS_PER_YEAR for d in range(len(cultivated))]
        ax.plot(cyears[:span], [c / 1e6 for c in cultivated[:span]],
                label="cultivation (cap 90M)")
        ax.axhline(210, color="C0", linestyle=":", linewidth=0.8)
        ax.axhline(90, color="C1", linestyle=":", linewidth=0.8)
        ax.set_xlabel("years after genesis")
        ax.set_ylabel("stones issued (millions)")
        ax.set_ylim(0, 230)
        ax.grid(alpha=0.3)
    for era in range(1, 11):
        near.axvline(era * HALVING_PERIOD / PERIODS_PER_DAY / DAYS_PER_YEAR, color="grey",
                     linewidth=0.5, alpha=0.6)
    near.set_xlim(0, near_span / DAYS_PER_YEAR)
    near.set_title("First decades (grey: halvings every 4 years)")
    if mined_years is not None:
        near.annotate(f"210M complete: year {math.ceil(mined_years)}", (mined_years, 210),
                      xytext=(mined_years - 25, 185), arrowprops={"arrowstyle": "->"})
    far.set_xlim(0, len(cultivated) / DAYS_PER_YEAR)
    far.set_title(f"At {min(args.boxes_per_day, STARTER_BOX_DAILY_SUPPLY)} Starter boxes a day")
    if cult_years < len(cultivated) / DAYS_PER_YEAR:
        far.annotate(f"90M complete: ~{cult_years:.0f} years", (cult_years, 90),
                     xytext=(cult_years * 0.45, 120), arrowprops={"arrowstyle": "->"})
    near.legend(loc="lower right")
    fig.suptitle(f"Projected issuance: {args.cars:,} cars x {args.km_per_day:g} km/day from day "
                 f"{args.launch_days:g}; genesis box types (scripts/emission.py)")
    fig.tight_layout()
    fig.savefig(args.png)
    print(f"drew {args.png}")


if __name__ == "__main__":
    main()
