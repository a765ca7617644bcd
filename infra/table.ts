import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLE } from '../schema/index.ts';

/** Item-level actions the runtimes use; no Scan, no table management. */
const DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  // TransactWriteItems is authorised per contained action; ConditionCheck needs its own.
  'dynamodb:ConditionCheckItem',
];

/**
 * The sweeper's calls (store, sender lease, shard guard, outbox, sweep status): single-item reads and
 * writes and queries — no batch, scan or transaction, so those stay out of its grant.
 */
export const SWEEPER_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** The webhook's dedupe markers: `isUpdateProcessed` (consistent GetItem) and `markUpdateProcessed` (conditional PutItem). */
export const WEBHOOK_ITEM_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'];

/**
 * Nudge's single table, built from `schema/` so the deployed keys cannot drift from the code's.
 * Retained on stack deletion: it holds every user's reminders.
 */
export class NudgeTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE.ttlAttribute,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: TABLE.dueIndex.name,
      partitionKey: { name: TABLE.dueIndex.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.dueIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...TABLE.dueIndex.projected],
    });
    this.table.addLocalSecondaryIndex({
      indexName: TABLE.listIndex.name,
      sortKey: { name: TABLE.listIndex.sortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
  }

  /**
   * Item read/write on the table and the due index, named exactly — CDK's `grantReadWriteData`
   * would add `index/*` and table-management actions nobody here needs. With `actions` (item
   * actions only, no Query), the grant covers the base table alone.
   */
  grantItemAccess(grantee: iam.IGrantable, actions: readonly string[] = DATA_ACTIONS): iam.Grant {
    const usesIndex = actions.includes('dynamodb:Query');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: usesIndex ? [this.table.tableArn, `${this.table.tableArn}/index/${TABLE.dueIndex.name}`, `${this.table.tableArn}/index/${TABLE.listIndex.name}`] : [this.table.tableArn],
    });
  }
}
