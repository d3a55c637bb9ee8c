"""Tidlig: early preventive help for children, young people and families."""
