"""nbgrader's late-submission hook, reading each week's late policy from the course calendar."""

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Unicode

from autograder.instructor.calendar import load_calendar
from autograder.week import COURSE_TOML


class CalendarLatePenalty(LateSubmissionPlugin):
    """The penalty of the week being autograded, as course.toml states it; none for weeks it lacks."""

    calendar = Unicode(str(COURSE_TOML), help="Path of course.toml").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        # nbgrader's AssignLatePenalties creates the plugin with itself as parent, after it has
        # read the assignment being graded; the plugin's own signature does not carry it.
        assignment = getattr(self.parent, "assignment_id", None)
        weeks = {w.assignment: w for w in load_calendar(self.calendar).weeks.values()}
        if assignment not in weeks:
            self.log.warning("No late policy for %s in %s: no penalty", assignment, self.calendar)
            return None
        return weeks[assignment].late.penalty(score, total_seconds_late)
