/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type CustomerOrderHistoryQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CustomerOrderHistoryQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'numberOfOrders'>
    & { orders: { nodes: Array<Pick<AdminTypes.Order, 'id' | 'createdAt' | 'cancelledAt'>> } }
  )> };

export type CustomerLatestOrderCurrencyQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type CustomerLatestOrderCurrencyQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id'>
    & { orders: { nodes: Array<(
        Pick<AdminTypes.Order, 'id' | 'presentmentCurrencyCode'>
        & { totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }> }
      )> } }
  )> };

export type CustomersByIdsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type CustomersByIdsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'firstName'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
  )>> };

export type ListSegmentsQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type ListSegmentsQuery = { segments: { nodes: Array<Pick<AdminTypes.Segment, 'id' | 'name' | 'query'>>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type SegmentMembersQueryVariables = AdminTypes.Exact<{
  segmentId: AdminTypes.Scalars['ID']['input'];
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type SegmentMembersQuery = { customerSegmentMembers: (
    Pick<AdminTypes.CustomerSegmentMemberConnection, 'totalCount'>
    & { edges: Array<(
      Pick<AdminTypes.CustomerSegmentMemberEdge, 'cursor'>
      & { node: (
        Pick<AdminTypes.CustomerSegmentMember, 'id' | 'firstName'>
        & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
      ) }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> }
  ) };

export type CustomerFieldsFragment = (
  Pick<AdminTypes.Customer, 'id' | 'displayName' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'createdAt'>
  & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
);

export type FindCustomerByIdQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type FindCustomerByIdQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'displayName' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'createdAt'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
  )> };

export type FindCustomerByEmailQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type FindCustomerByEmailQuery = { customers: { nodes: Array<(
      Pick<AdminTypes.Customer, 'id' | 'displayName' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'createdAt'>
      & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
    )> } };

export type FindCustomerByIdentifierQueryVariables = AdminTypes.Exact<{
  identifier: AdminTypes.CustomerIdentifierInput;
}>;


export type FindCustomerByIdentifierQuery = { customerByIdentifier?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'displayName' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'createdAt'>
    & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
  )> };

export type CreateCustomerMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.CustomerInput;
}>;


export type CreateCustomerMutation = { customerCreate?: AdminTypes.Maybe<{ customer?: AdminTypes.Maybe<(
      Pick<AdminTypes.Customer, 'id' | 'displayName' | 'firstName' | 'lastName' | 'state' | 'numberOfOrders' | 'createdAt'>
      & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
    )>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type DiscountErrorsFragment = Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>;

export type CreatedCodeFragment = (
  Pick<AdminTypes.DiscountCodeNode, 'id'>
  & { codeDiscount: Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status'> | Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'> }
);

export type CreateBasicDiscountCodeMutationVariables = AdminTypes.Exact<{
  basicCodeDiscount: AdminTypes.DiscountCodeBasicInput;
}>;


export type CreateBasicDiscountCodeMutation = { discountCodeBasicCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<(
      Pick<AdminTypes.DiscountCodeNode, 'id'>
      & { codeDiscount: Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status'> | Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'> }
    )>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type CreateFreeShippingDiscountCodeMutationVariables = AdminTypes.Exact<{
  freeShippingCodeDiscount: AdminTypes.DiscountCodeFreeShippingInput;
}>;


export type CreateFreeShippingDiscountCodeMutation = { discountCodeFreeShippingCreate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<(
      Pick<AdminTypes.DiscountCodeNode, 'id'>
      & { codeDiscount: Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status'> | Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status'> }
    )>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type FindDiscountCodeByCodeQueryVariables = AdminTypes.Exact<{
  code: AdminTypes.Scalars['String']['input'];
}>;


export type FindDiscountCodeByCodeQuery = { codeDiscountNodeByCode?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeNode, 'id'>
    & { codeDiscount: { __typename: 'DiscountCodeApp' | 'DiscountCodeBxgy' } | (
      { __typename: 'DiscountCodeBasic' }
      & Pick<AdminTypes.DiscountCodeBasic, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'asyncUsageCount' | 'appliesOncePerCustomer'>
      & { codes: { nodes: Array<Pick<AdminTypes.DiscountRedeemCode, 'code'>> }, context: { __typename: 'DiscountBuyerSelectionAll' | 'DiscountCustomerSegments' | 'DiscountMarkets' } | (
        { __typename: 'DiscountCustomers' }
        & { customers: Array<Pick<AdminTypes.Customer, 'id'>> }
      ) }
    ) | (
      { __typename: 'DiscountCodeFreeShipping' }
      & Pick<AdminTypes.DiscountCodeFreeShipping, 'title' | 'status' | 'startsAt' | 'endsAt' | 'usageLimit' | 'asyncUsageCount' | 'appliesOncePerCustomer'>
      & { context: { __typename: 'DiscountBuyerSelectionAll' | 'DiscountCustomerSegments' | 'DiscountMarkets' } | (
        { __typename: 'DiscountCustomers' }
        & { customers: Array<Pick<AdminTypes.Customer, 'id'>> }
      ) }
    ) }
  )> };

export type DeactivateDiscountCodeMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeactivateDiscountCodeMutation = { discountCodeDeactivate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type UpdateBasicDiscountCodeMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  basicCodeDiscount: AdminTypes.DiscountCodeBasicInput;
}>;


export type UpdateBasicDiscountCodeMutation = { discountCodeBasicUpdate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type UpdateFreeShippingDiscountCodeMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  freeShippingCodeDiscount: AdminTypes.DiscountCodeFreeShippingInput;
}>;


export type UpdateFreeShippingDiscountCodeMutation = { discountCodeFreeShippingUpdate?: AdminTypes.Maybe<{ codeDiscountNode?: AdminTypes.Maybe<Pick<AdminTypes.DiscountCodeNode, 'id'>>, userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }> };

export type DeleteDiscountCodeMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type DeleteDiscountCodeMutation = { discountCodeDelete?: AdminTypes.Maybe<(
    Pick<AdminTypes.DiscountCodeDeletePayload, 'deletedCodeDiscountId'>
    & { userErrors: Array<Pick<AdminTypes.DiscountUserError, 'code' | 'field' | 'message'>> }
  )> };

export type FlowTriggerReceiveMutationVariables = AdminTypes.Exact<{
  handle: AdminTypes.Scalars['String']['input'];
  payload: AdminTypes.Scalars['JSON']['input'];
}>;


export type FlowTriggerReceiveMutation = { flowTriggerReceive?: AdminTypes.Maybe<{ userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type ShopMoneyFragment = { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> };

export type ShopAndPresentmentMoneyFragment = { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> };

export type CurrentAppInstallationIdQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type CurrentAppInstallationIdQuery = { currentAppInstallation: Pick<AdminTypes.AppInstallation, 'id'> };

export type SetMetafieldsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldsSetInput> | AdminTypes.MetafieldsSetInput;
}>;


export type SetMetafieldsMutation = { metafieldsSet?: AdminTypes.Maybe<{ metafields?: AdminTypes.Maybe<Array<Pick<AdminTypes.Metafield, 'id' | 'namespace' | 'key'>>>, userErrors: Array<Pick<AdminTypes.MetafieldsSetUserError, 'code' | 'field' | 'message'>> }> };

export type DeleteMetafieldsMutationVariables = AdminTypes.Exact<{
  metafields: Array<AdminTypes.MetafieldIdentifierInput> | AdminTypes.MetafieldIdentifierInput;
}>;


export type DeleteMetafieldsMutation = { metafieldsDelete?: AdminTypes.Maybe<{ deletedMetafields?: AdminTypes.Maybe<Array<AdminTypes.Maybe<Pick<AdminTypes.MetafieldIdentifier, 'key'>>>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type OrderAttributionFieldsFragment = (
  Pick<AdminTypes.Order, 'id' | 'name' | 'createdAt' | 'cancelledAt' | 'displayFinancialStatus' | 'email'>
  & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'email'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
);

export type OrderForAttributionQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type OrderForAttributionQuery = { order?: AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'name' | 'createdAt' | 'cancelledAt' | 'displayFinancialStatus' | 'email'>
    & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'email'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
  )> };

export type OrderByNameForAttributionQueryVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrderByNameForAttributionQuery = { orders: { nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'name' | 'createdAt' | 'cancelledAt' | 'displayFinancialStatus' | 'email'>
      & { customer?: AdminTypes.Maybe<Pick<AdminTypes.Customer, 'id' | 'email'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> } };

export type OrdersUpdatedSinceQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
  query: AdminTypes.Scalars['String']['input'];
}>;


export type OrdersUpdatedSinceQuery = { orders: { pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'>, nodes: Array<(
      Pick<AdminTypes.Order, 'id' | 'updatedAt' | 'displayFinancialStatus' | 'cancelledAt'>
      & { refunds: Array<Pick<AdminTypes.Refund, 'legacyResourceId'>> }
    )> } };

export type OrderAddressFieldsFragment = Pick<AdminTypes.MailingAddress, 'address1' | 'address2' | 'city' | 'zip' | 'countryCodeV2'>;

export type OrderDetailsQueryVariables = AdminTypes.Exact<{
  ids: Array<AdminTypes.Scalars['ID']['input']> | AdminTypes.Scalars['ID']['input'];
}>;


export type OrderDetailsQuery = { nodes: Array<AdminTypes.Maybe<(
    Pick<AdminTypes.Order, 'id' | 'legacyResourceId' | 'name' | 'email' | 'createdAt' | 'updatedAt' | 'cancelledAt' | 'displayFinancialStatus' | 'test' | 'note' | 'clientIp' | 'currencyCode' | 'presentmentCurrencyCode' | 'discountCodes'>
    & { customAttributes: Array<Pick<AdminTypes.Attribute, 'key' | 'value'>>, customerJourneySummary?: AdminTypes.Maybe<{ firstVisit?: AdminTypes.Maybe<Pick<AdminTypes.CustomerVisit, 'landingPage'>> }>, customer?: AdminTypes.Maybe<(
      Pick<AdminTypes.Customer, 'id' | 'legacyResourceId'>
      & { defaultEmailAddress?: AdminTypes.Maybe<Pick<AdminTypes.CustomerEmailAddress, 'emailAddress'>> }
    )>, shippingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'address1' | 'address2' | 'city' | 'zip' | 'countryCodeV2'>>, billingAddress?: AdminTypes.Maybe<Pick<AdminTypes.MailingAddress, 'address1' | 'address2' | 'city' | 'zip' | 'countryCodeV2'>>, subtotalPriceSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, totalPriceSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, presentmentMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }, totalDiscountsSet?: AdminTypes.Maybe<{ shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }>, refunds: Array<(
      Pick<AdminTypes.Refund, 'id' | 'legacyResourceId' | 'createdAt'>
      & { totalRefundedSet: { shopMoney: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> } }
    )> }
  )>> };

export type FetchShopProfileQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type FetchShopProfileQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain' | 'currencyCode' | 'enabledPresentmentCurrencies'>
    & { primaryDomain: Pick<AdminTypes.Domain, 'url'>, customerAccountsV2: Pick<AdminTypes.CustomerAccountsV2, 'customerAccountsVersion' | 'loginRequiredAtCheckout'> }
  ) };

type TransactionFields_StoreCreditAccountCreditTransaction_Fragment = (
  Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'createdAt'>
  & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
);

type TransactionFields_StoreCreditAccountDebitRevertTransaction_Fragment = (
  Pick<AdminTypes.StoreCreditAccountDebitRevertTransaction, 'createdAt'>
  & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
);

type TransactionFields_StoreCreditAccountDebitTransaction_Fragment = (
  Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'createdAt'>
  & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
);

type TransactionFields_StoreCreditAccountExpirationTransaction_Fragment = (
  Pick<AdminTypes.StoreCreditAccountExpirationTransaction, 'createdAt'>
  & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
);

export type TransactionFieldsFragment = TransactionFields_StoreCreditAccountCreditTransaction_Fragment | TransactionFields_StoreCreditAccountDebitRevertTransaction_Fragment | TransactionFields_StoreCreditAccountDebitTransaction_Fragment | TransactionFields_StoreCreditAccountExpirationTransaction_Fragment;

export type CreditStoreCreditMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  creditInput: AdminTypes.StoreCreditAccountCreditInput;
}>;


export type CreditStoreCreditMutation = { storeCreditAccountCredit?: AdminTypes.Maybe<{ storeCreditAccountTransaction?: AdminTypes.Maybe<(
      Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'id' | 'expiresAt' | 'createdAt'>
      & { account: Pick<AdminTypes.StoreCreditAccount, 'id'>, amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
    )>, userErrors: Array<Pick<AdminTypes.StoreCreditAccountCreditUserError, 'code' | 'field' | 'message'>> }> };

export type DebitStoreCreditMutationVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
  debitInput: AdminTypes.StoreCreditAccountDebitInput;
}>;


export type DebitStoreCreditMutation = { storeCreditAccountDebit?: AdminTypes.Maybe<{ storeCreditAccountTransaction?: AdminTypes.Maybe<(
      Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'id' | 'createdAt'>
      & { account: Pick<AdminTypes.StoreCreditAccount, 'id'>, amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
    )>, userErrors: Array<Pick<AdminTypes.StoreCreditAccountDebitUserError, 'code' | 'field' | 'message'>> }> };

export type ListStoreCreditTransactionsQueryVariables = AdminTypes.Exact<{
  customerId: AdminTypes.Scalars['ID']['input'];
  accountCount: AdminTypes.Scalars['Int']['input'];
  transactionCount: AdminTypes.Scalars['Int']['input'];
}>;


export type ListStoreCreditTransactionsQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id'>
    & { storeCreditAccounts: { nodes: Array<(
        Pick<AdminTypes.StoreCreditAccount, 'id'>
        & { balance: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, transactions: { nodes: Array<(
            { __typename: 'StoreCreditAccountCreditTransaction' }
            & Pick<AdminTypes.StoreCreditAccountCreditTransaction, 'id' | 'expiresAt' | 'createdAt'>
            & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
          ) | (
            { __typename: 'StoreCreditAccountDebitRevertTransaction' }
            & Pick<AdminTypes.StoreCreditAccountDebitRevertTransaction, 'createdAt'>
            & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
          ) | (
            { __typename: 'StoreCreditAccountDebitTransaction' }
            & Pick<AdminTypes.StoreCreditAccountDebitTransaction, 'id' | 'createdAt'>
            & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
          ) | (
            { __typename: 'StoreCreditAccountExpirationTransaction' }
            & Pick<AdminTypes.StoreCreditAccountExpirationTransaction, 'createdAt'>
            & { amount: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'>, balanceAfterTransaction: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
          )> } }
      )> } }
  )> };

export type FetchStoreCreditBalancesQueryVariables = AdminTypes.Exact<{
  customerId: AdminTypes.Scalars['ID']['input'];
}>;


export type FetchStoreCreditBalancesQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id'>
    & { storeCreditAccounts: { nodes: Array<(
        Pick<AdminTypes.StoreCreditAccount, 'id'>
        & { balance: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }
      )> } }
  )> };

export type ReadCustomerCreditQueryVariables = AdminTypes.Exact<{
  customerId: AdminTypes.Scalars['ID']['input'];
}>;


export type ReadCustomerCreditQuery = { customer?: AdminTypes.Maybe<(
    Pick<AdminTypes.Customer, 'id' | 'displayName'>
    & { storeCreditAccounts: { nodes: Array<{ balance: Pick<AdminTypes.MoneyV2, 'amount' | 'currencyCode'> }> } }
  )> };

export type FetchThemeSetupQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type FetchThemeSetupQuery = { themes?: AdminTypes.Maybe<{ nodes: Array<(
      Pick<AdminTypes.OnlineStoreTheme, 'id' | 'name'>
      & { files?: AdminTypes.Maybe<{ nodes: Array<(
          Pick<AdminTypes.OnlineStoreThemeFile, 'filename'>
          & { body: Pick<AdminTypes.OnlineStoreThemeFileBodyText, 'content'> }
        )> }> }
    )> }> };

interface GeneratedQueryTypes {
  "#graphql\n  query CustomerOrderHistory($id: ID!) {\n    customer(id: $id) {\n      id\n      numberOfOrders\n      orders(first: 10, sortKey: CREATED_AT) {\n        nodes {\n          id\n          createdAt\n          cancelledAt\n        }\n      }\n    }\n  }\n": {return: CustomerOrderHistoryQuery, variables: CustomerOrderHistoryQueryVariables},
  "#graphql\n  query CustomerLatestOrderCurrency($id: ID!) {\n    customer(id: $id) {\n      id\n      orders(first: 1, sortKey: CREATED_AT, reverse: true) {\n        nodes {\n          id\n          presentmentCurrencyCode\n          totalPriceSet {\n            ...ShopAndPresentmentMoney\n          }\n          subtotalPriceSet {\n            ...ShopAndPresentmentMoney\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment ShopAndPresentmentMoney on MoneyBag {\n    shopMoney {\n      amount\n      currencyCode\n    }\n    presentmentMoney {\n      amount\n      currencyCode\n    }\n  }\n": {return: CustomerLatestOrderCurrencyQuery, variables: CustomerLatestOrderCurrencyQueryVariables},
  "#graphql\n  query CustomersByIds($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Customer {\n        id\n        firstName\n        defaultEmailAddress {\n          emailAddress\n        }\n      }\n    }\n  }\n": {return: CustomersByIdsQuery, variables: CustomersByIdsQueryVariables},
  "#graphql\n  query ListSegments($first: Int!, $after: String) {\n    segments(first: $first, after: $after, sortKey: CREATION_DATE, reverse: true) {\n      nodes {\n        id\n        name\n        query\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: ListSegmentsQuery, variables: ListSegmentsQueryVariables},
  "#graphql\n  query SegmentMembers($segmentId: ID!, $first: Int!, $after: String) {\n    customerSegmentMembers(segmentId: $segmentId, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          firstName\n          defaultEmailAddress {\n            emailAddress\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: SegmentMembersQuery, variables: SegmentMembersQueryVariables},
  "#graphql\n  query FindCustomerById($id: ID!) {\n    customer(id: $id) {\n      ...CustomerFields\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id\n    displayName\n    firstName\n    lastName\n    state\n    numberOfOrders\n    createdAt\n    defaultEmailAddress {\n      emailAddress\n    }\n  }\n": {return: FindCustomerByIdQuery, variables: FindCustomerByIdQueryVariables},
  "#graphql\n  query FindCustomerByEmail($query: String!) {\n    customers(first: 2, query: $query) {\n      nodes {\n        ...CustomerFields\n      }\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id\n    displayName\n    firstName\n    lastName\n    state\n    numberOfOrders\n    createdAt\n    defaultEmailAddress {\n      emailAddress\n    }\n  }\n": {return: FindCustomerByEmailQuery, variables: FindCustomerByEmailQueryVariables},
  "#graphql\n  query FindCustomerByIdentifier($identifier: CustomerIdentifierInput!) {\n    customerByIdentifier(identifier: $identifier) {\n      ...CustomerFields\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id\n    displayName\n    firstName\n    lastName\n    state\n    numberOfOrders\n    createdAt\n    defaultEmailAddress {\n      emailAddress\n    }\n  }\n": {return: FindCustomerByIdentifierQuery, variables: FindCustomerByIdentifierQueryVariables},
  "#graphql\n  query FindDiscountCodeByCode($code: String!) {\n    codeDiscountNodeByCode(code: $code) {\n      id\n      codeDiscount {\n        __typename\n        ... on DiscountCodeBasic {\n          title\n          status\n          startsAt\n          endsAt\n          usageLimit\n          asyncUsageCount\n          appliesOncePerCustomer\n          codes(first: 1) {\n            nodes {\n              code\n            }\n          }\n          context {\n            __typename\n            ... on DiscountCustomers {\n              customers {\n                id\n              }\n            }\n          }\n        }\n        ... on DiscountCodeFreeShipping {\n          title\n          status\n          startsAt\n          endsAt\n          usageLimit\n          asyncUsageCount\n          appliesOncePerCustomer\n          context {\n            __typename\n            ... on DiscountCustomers {\n              customers {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: FindDiscountCodeByCodeQuery, variables: FindDiscountCodeByCodeQueryVariables},
  "#graphql\n  query CurrentAppInstallationId {\n    currentAppInstallation {\n      id\n    }\n  }\n": {return: CurrentAppInstallationIdQuery, variables: CurrentAppInstallationIdQueryVariables},
  "#graphql\n  query OrderForAttribution($id: ID!) {\n    order(id: $id) {\n      ...OrderAttributionFields\n    }\n  }\n  #graphql\n  fragment OrderAttributionFields on Order {\n    id\n    name\n    createdAt\n    cancelledAt\n    displayFinancialStatus\n    email\n    customer {\n      id\n      email\n    }\n    subtotalPriceSet {\n      ...ShopMoney\n    }\n    totalPriceSet {\n      ...ShopMoney\n    }\n    totalRefundedSet {\n      ...ShopMoney\n    }\n  }\n\n  #graphql\n  fragment ShopMoney on MoneyBag {\n    shopMoney {\n      amount\n      currencyCode\n    }\n  }\n": {return: OrderForAttributionQuery, variables: OrderForAttributionQueryVariables},
  "#graphql\n  query OrderByNameForAttribution($query: String!) {\n    orders(first: 2, query: $query) {\n      nodes {\n        ...OrderAttributionFields\n      }\n    }\n  }\n  #graphql\n  fragment OrderAttributionFields on Order {\n    id\n    name\n    createdAt\n    cancelledAt\n    displayFinancialStatus\n    email\n    customer {\n      id\n      email\n    }\n    subtotalPriceSet {\n      ...ShopMoney\n    }\n    totalPriceSet {\n      ...ShopMoney\n    }\n    totalRefundedSet {\n      ...ShopMoney\n    }\n  }\n\n  #graphql\n  fragment ShopMoney on MoneyBag {\n    shopMoney {\n      amount\n      currencyCode\n    }\n  }\n": {return: OrderByNameForAttributionQuery, variables: OrderByNameForAttributionQueryVariables},
  "#graphql\n  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {\n    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        updatedAt\n        displayFinancialStatus\n        cancelledAt\n        refunds(first: 50) {\n          legacyResourceId\n        }\n      }\n    }\n  }\n": {return: OrdersUpdatedSinceQuery, variables: OrdersUpdatedSinceQueryVariables},
  "#graphql\n  query OrderDetails($ids: [ID!]!) {\n    nodes(ids: $ids) {\n      ... on Order {\n        id\n        legacyResourceId\n        name\n        email\n        createdAt\n        updatedAt\n        cancelledAt\n        displayFinancialStatus\n        test\n        note\n        clientIp\n        currencyCode\n        presentmentCurrencyCode\n        discountCodes\n        customAttributes {\n          key\n          value\n        }\n        customerJourneySummary {\n          firstVisit {\n            landingPage\n          }\n        }\n        customer {\n          id\n          legacyResourceId\n          defaultEmailAddress {\n            emailAddress\n          }\n        }\n        shippingAddress {\n          ...OrderAddressFields\n        }\n        billingAddress {\n          ...OrderAddressFields\n        }\n        subtotalPriceSet {\n          ...ShopAndPresentmentMoney\n        }\n        totalPriceSet {\n          ...ShopAndPresentmentMoney\n        }\n        totalDiscountsSet {\n          ...ShopMoney\n        }\n        refunds(first: 50) {\n          id\n          legacyResourceId\n          createdAt\n          totalRefundedSet {\n            ...ShopMoney\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment OrderAddressFields on MailingAddress {\n    address1\n    address2\n    city\n    zip\n    countryCodeV2\n  }\n\n  #graphql\n  fragment ShopAndPresentmentMoney on MoneyBag {\n    shopMoney {\n      amount\n      currencyCode\n    }\n    presentmentMoney {\n      amount\n      currencyCode\n    }\n  }\n\n  #graphql\n  fragment ShopMoney on MoneyBag {\n    shopMoney {\n      amount\n      currencyCode\n    }\n  }\n": {return: OrderDetailsQuery, variables: OrderDetailsQueryVariables},
  "#graphql\n  query FetchShopProfile {\n    shop {\n      name\n      myshopifyDomain\n      primaryDomain {\n        url\n      }\n      currencyCode\n      enabledPresentmentCurrencies\n      customerAccountsV2 {\n        customerAccountsVersion\n        loginRequiredAtCheckout\n      }\n    }\n  }\n": {return: FetchShopProfileQuery, variables: FetchShopProfileQueryVariables},
  "#graphql\n  query ListStoreCreditTransactions($customerId: ID!, $accountCount: Int!, $transactionCount: Int!) {\n    customer(id: $customerId) {\n      id\n      storeCreditAccounts(first: $accountCount) {\n        nodes {\n          id\n          balance {\n            amount\n            currencyCode\n          }\n          transactions(first: $transactionCount, reverse: true, sortKey: CREATED_AT) {\n            nodes {\n              __typename\n              ...TransactionFields\n              ... on StoreCreditAccountCreditTransaction {\n                id\n                expiresAt\n              }\n              ... on StoreCreditAccountDebitTransaction {\n                id\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n  #graphql\n  fragment TransactionFields on StoreCreditAccountTransaction {\n    createdAt\n    amount {\n      amount\n      currencyCode\n    }\n    balanceAfterTransaction {\n      amount\n      currencyCode\n    }\n  }\n": {return: ListStoreCreditTransactionsQuery, variables: ListStoreCreditTransactionsQueryVariables},
  "#graphql\n  query FetchStoreCreditBalances($customerId: ID!) {\n    customer(id: $customerId) {\n      id\n      storeCreditAccounts(first: 10) {\n        nodes {\n          id\n          balance {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": {return: FetchStoreCreditBalancesQuery, variables: FetchStoreCreditBalancesQueryVariables},
  "#graphql\n  query ReadCustomerCredit($customerId: ID!) {\n    customer(id: $customerId) {\n      id\n      displayName\n      storeCreditAccounts(first: 10) {\n        nodes {\n          balance {\n            amount\n            currencyCode\n          }\n        }\n      }\n    }\n  }\n": {return: ReadCustomerCreditQuery, variables: ReadCustomerCreditQueryVariables},
  "#graphql\n  query FetchThemeSetup {\n    themes(first: 1, roles: [MAIN]) {\n      nodes {\n        id\n        name\n        files(filenames: [\"config/settings_data.json\", \"templates/*.json\"], first: 100) {\n          nodes {\n            filename\n            body {\n              ... on OnlineStoreThemeFileBodyText {\n                content\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: FetchThemeSetupQuery, variables: FetchThemeSetupQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation CreateCustomer($input: CustomerInput!) {\n    customerCreate(input: $input) {\n      customer {\n        ...CustomerFields\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n  #graphql\n  fragment CustomerFields on Customer {\n    id\n    displayName\n    firstName\n    lastName\n    state\n    numberOfOrders\n    createdAt\n    defaultEmailAddress {\n      emailAddress\n    }\n  }\n": {return: CreateCustomerMutation, variables: CreateCustomerMutationVariables},
  "#graphql\n  mutation CreateBasicDiscountCode($basicCodeDiscount: DiscountCodeBasicInput!) {\n    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {\n      codeDiscountNode {\n        ...CreatedCode\n      }\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment CreatedCode on DiscountCodeNode {\n    id\n    codeDiscount {\n      ... on DiscountCodeBasic {\n        title\n        status\n      }\n      ... on DiscountCodeFreeShipping {\n        title\n        status\n      }\n    }\n  }\n\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: CreateBasicDiscountCodeMutation, variables: CreateBasicDiscountCodeMutationVariables},
  "#graphql\n  mutation CreateFreeShippingDiscountCode($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {\n    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {\n      codeDiscountNode {\n        ...CreatedCode\n      }\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment CreatedCode on DiscountCodeNode {\n    id\n    codeDiscount {\n      ... on DiscountCodeBasic {\n        title\n        status\n      }\n      ... on DiscountCodeFreeShipping {\n        title\n        status\n      }\n    }\n  }\n\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: CreateFreeShippingDiscountCodeMutation, variables: CreateFreeShippingDiscountCodeMutationVariables},
  "#graphql\n  mutation DeactivateDiscountCode($id: ID!) {\n    discountCodeDeactivate(id: $id) {\n      codeDiscountNode {\n        id\n      }\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: DeactivateDiscountCodeMutation, variables: DeactivateDiscountCodeMutationVariables},
  "#graphql\n  mutation UpdateBasicDiscountCode($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {\n    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) {\n      codeDiscountNode {\n        id\n      }\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: UpdateBasicDiscountCodeMutation, variables: UpdateBasicDiscountCodeMutationVariables},
  "#graphql\n  mutation UpdateFreeShippingDiscountCode($id: ID!, $freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {\n    discountCodeFreeShippingUpdate(id: $id, freeShippingCodeDiscount: $freeShippingCodeDiscount) {\n      codeDiscountNode {\n        id\n      }\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: UpdateFreeShippingDiscountCodeMutation, variables: UpdateFreeShippingDiscountCodeMutationVariables},
  "#graphql\n  mutation DeleteDiscountCode($id: ID!) {\n    discountCodeDelete(id: $id) {\n      deletedCodeDiscountId\n      userErrors {\n        ...DiscountErrors\n      }\n    }\n  }\n  #graphql\n  fragment DiscountErrors on DiscountUserError {\n    code\n    field\n    message\n  }\n": {return: DeleteDiscountCodeMutation, variables: DeleteDiscountCodeMutationVariables},
  "#graphql\n  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {\n    flowTriggerReceive(handle: $handle, payload: $payload) {\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: FlowTriggerReceiveMutation, variables: FlowTriggerReceiveMutationVariables},
  "#graphql\n  mutation SetMetafields($metafields: [MetafieldsSetInput!]!) {\n    metafieldsSet(metafields: $metafields) {\n      metafields {\n        id\n        namespace\n        key\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: SetMetafieldsMutation, variables: SetMetafieldsMutationVariables},
  "#graphql\n  mutation DeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {\n    metafieldsDelete(metafields: $metafields) {\n      deletedMetafields {\n        key\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: DeleteMetafieldsMutation, variables: DeleteMetafieldsMutationVariables},
  "#graphql\n  mutation CreditStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {\n    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {\n      storeCreditAccountTransaction {\n        id\n        expiresAt\n        ...TransactionFields\n        account {\n          id\n        }\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n  #graphql\n  fragment TransactionFields on StoreCreditAccountTransaction {\n    createdAt\n    amount {\n      amount\n      currencyCode\n    }\n    balanceAfterTransaction {\n      amount\n      currencyCode\n    }\n  }\n": {return: CreditStoreCreditMutation, variables: CreditStoreCreditMutationVariables},
  "#graphql\n  mutation DebitStoreCredit($id: ID!, $debitInput: StoreCreditAccountDebitInput!) {\n    storeCreditAccountDebit(id: $id, debitInput: $debitInput) {\n      storeCreditAccountTransaction {\n        id\n        ...TransactionFields\n        account {\n          id\n        }\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n  #graphql\n  fragment TransactionFields on StoreCreditAccountTransaction {\n    createdAt\n    amount {\n      amount\n      currencyCode\n    }\n    balanceAfterTransaction {\n      amount\n      currencyCode\n    }\n  }\n": {return: DebitStoreCreditMutation, variables: DebitStoreCreditMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}
