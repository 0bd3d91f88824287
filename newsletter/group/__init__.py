"""Group: editorial decisions between gathering and digesting.

Which of the day's articles report one event (`cluster`, measured by `similarity`), which
stories were already sent (`dedup`), and which stories lead (`rank`). Deterministic and
explainable: the same articles give the same groups.
"""
