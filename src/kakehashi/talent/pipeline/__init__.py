"""The SSW application pipeline: a candidate applies to a job and both sides move the
application through screening, interview, offer, Certificate of Eligibility, visa, arrival
and the start of employment (see states.py for the machine and who may make each step)."""
