"""Print tomorrow's forecast for a town (the example project of the setup.py migration)."""
