from setuptools import find_packages, setup

setup(
    name="weather-report",
    version="1.2.0",
    description="Print tomorrow's forecast for a town.",
    author="Ada Example",
    author_email="ada@example.org",
    license="MIT",
    package_dir={"": "src"},
    packages=find_packages("src"),
    python_requires=">=3.11",
    install_requires=[
        "requests>=2.31",
        "click>=8.1",
    ],
    extras_require={
        "test": ["pytest>=9.0"],
    },
    entry_points={
        "console_scripts": ["weather-report=weather_report.cli:main"],
    },
)
