$G auth providers remove bitbucket $T
