import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def _():
    import numpy as np

    return (np,)


@app.cell
def _(np):
    # The same readings as the Jupyter notebook: a fixed seed, so every run agrees.
    rng = np.random.default_rng(seed=2026)
    day = np.arange(365)
    temperature = 11 + 7 * np.sin(2 * np.pi * (day - 105) / 365) + rng.normal(0, 1.5, 365)
    return (temperature,)


@app.cell
def _(temperature):
    warm_days = int((temperature > 15).sum())
    print(f"warm days: {warm_days}")
    return


@app.cell
def _(temperature):
    weekly_mean = temperature[:364].reshape(52, 7).mean(axis=1)
    print(f"warmest week: {int(weekly_mean.argmax()) + 1}")
    return


if __name__ == "__main__":
    app.run()
