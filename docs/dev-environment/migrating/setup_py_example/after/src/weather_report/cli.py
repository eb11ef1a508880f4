"""The weather-report command. The forecast itself is left out of the example."""


def main() -> int:
    print("weather-report: no forecast in this example project")
    return 0
