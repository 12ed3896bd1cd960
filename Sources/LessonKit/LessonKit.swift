// LessonKit: see the module's other files.
