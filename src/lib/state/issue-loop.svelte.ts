// The issue loop's stores together (吹哨报到): the desk (queues and ledger, left), an issue's page
// and registering an issue (right). AppState composes this and decides, with the other panels,
// who holds each side; this keeps the three in step: who is signed in, a change of the issues
// by anyone (the open list and page are read again), and the views in the history.
import type { Api } from '../api/api'
import type { UserInfo } from '../api/types'
import type { Interaction } from './interaction.svelte'
import { IssueDesk } from './issue-desk.svelte'
import { IssuePage } from './issue-page.svelte'
import { mayRegister } from './issue-queues'
import { IssueRegister } from './issue-register.svelte'
import type { MapPort } from './map-port'
import type { View, Views } from './views.svelte'

export class IssueLoop {
  readonly desk: IssueDesk
  readonly page: IssuePage
  readonly register: IssueRegister
  role = $state<string | null>(null)

  constructor(api: Api, private views: Views, interaction: Interaction) {
    this.desk = new IssueDesk(api, views)
    this.page = new IssuePage(api, views)
    this.register = new IssueRegister(api, interaction)
    this.page.clearance = () => (this.desk.shown ? 'desk' : 'panels')
  }

  set map(map: MapPort) { this.page.map = map }

  get mayRegister() { return mayRegister(this.role) }

  /** Who is signed in decides the queues, the steps offered and whether one may register. */
  userChanged(user: UserInfo | null) {
    this.role = user?.role ?? null
    this.page.role = this.role
    this.desk.setUser(this.role, user?.unit_id ?? null)
    if (!this.mayRegister) this.register.cancel()
    void this.page.refresh()
  }

  /** Someone (this tab or another, this person or another) changed the issues. */
  issuesChanged() {
    if (this.desk.shown) void this.desk.load()
    void this.page.refresh()
  }

  openIssue(id: number) {
    if (this.register.active) this.register.cancel()
    void this.page.openIssue(id)
  }

  startRegister() {
    this.page.close()
    void this.register.start()
  }

  /** A view from the history or a link: the desk and the issue page as it says. */
  restore(v: View, move: 'jump' | 'fly') {
    this.desk.show(v.desk, { record: false })
    if (v.panel.kind === 'issue') void this.page.openIssue(v.panel.id, { record: false, move })
    else this.page.close({ record: false })
  }
}
