# %% [markdown]
# # Warm days in a year of readings
#
# A small analysis kept as a notebook in the py:percent format: Jupytext and VS Code
# open it as cells, and Python runs it as a script.

# %%
import numpy as np

# A fixed seed: every run, on every machine, sees the same "measurements".
rng = np.random.default_rng(seed=2026)
day = np.arange(365)
temperature = 11 + 7 * np.sin(2 * np.pi * (day - 105) / 365) + rng.normal(0, 1.5, 365)

# %%
warm_days = int((temperature > 15).sum())
print(f"warm days: {warm_days}")

# %%
weekly_mean = temperature[:364].reshape(52, 7).mean(axis=1)
print(f"warmest week: {int(weekly_mean.argmax()) + 1}")
