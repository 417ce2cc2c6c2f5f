"""The production topology on one machine: the processes of a deployment, started and stopped together.

Not imported by the application (``bot``, ``actions``): it runs the application's processes.
"""
