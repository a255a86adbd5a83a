"""People and units: users, departments (责任单位), roles and sign-in."""
